package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.memory.MemoryBrokerProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {
  @Test
  void theKeyTablesInTheDocsAreTheGeneratedOnes() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

    assertThat(doc).contains(BusSettings.TABLE.describe().strip());
    assertThat(doc).contains(new MemoryBrokerProvider().settings().describe().strip());
  }
}
