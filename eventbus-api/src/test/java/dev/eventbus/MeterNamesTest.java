package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterNamesTest {
  @Test
  void everyMeterNameIsDocumentedInTheMetricsPage() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
    List<String> names = new ArrayList<>();
    for (Field f : MeterNames.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        names.add((String) f.get(null));
      }
    }

    assertThat(names).hasSizeGreaterThanOrEqualTo(11).doesNotHaveDuplicates();
    for (String name : names) {
      assertThat(doc).as("docs/metrics.md documents " + name).contains("| `" + name + "` |");
    }
  }
}
