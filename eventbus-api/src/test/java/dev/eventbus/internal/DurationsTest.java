package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsShortUnitsAndIso8601() {
    assertThat(Durations.parse("k", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("k", " 30s ")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("k", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("k", "1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("k", "PT0.25S")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void rejectsWhatIsNotADurationNamingTheKey() {
    for (String bad : new String[] {null, "", "soon", "5 days", "-s", "99999999999999999h"}) {
      assertThatThrownBy(() -> Durations.parse("eventbus.x.timeout", bad))
          .as("value %s", bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("eventbus.x.timeout")
          .hasMessageContaining("500ms");
    }
  }
}
