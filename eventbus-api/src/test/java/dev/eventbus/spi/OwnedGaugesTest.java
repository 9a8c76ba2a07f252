package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class OwnedGaugesTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final OwnedGauges gauges = new OwnedGauges(registry, "lag", "Events not yet handled");

  private Gauge gauge(String partition) {
    return registry.find("lag").tags("topic", "t", "partition", partition).gauge();
  }

  @Test
  void aGaugeShowsTheLastValueSetWithItsTagsAndDescription() {
    gauges.set("a", 5, "topic", "t", "partition", "0");
    gauges.set("a", 7, "topic", "t", "partition", "0");

    assertThat(gauge("0").value()).isEqualTo(7.0);
    assertThat(gauge("0").getId().getDescription()).isEqualTo("Events not yet handled");
    assertThat(registry.getMeters()).hasSize(1);
  }

  @Test
  void onlyTheLastOwnerRemovesAGauge() {
    gauges.set("a", 5, "topic", "t", "partition", "0");
    gauges.set("b", 3, "topic", "t", "partition", "0"); // taken over

    gauges.release("a", "topic", "t", "partition", "0");
    assertThat(gauge("0").value()).isEqualTo(3.0);

    gauges.release("b", "topic", "t", "partition", "0");
    assertThat(gauge("0")).isNull();
    gauges.release("b", "topic", "t", "partition", "0"); // nothing left: nothing happens
  }

  @Test
  void clearRemovesEveryGaugeAndASetAfterwardsRegistersAgain() {
    gauges.set("a", 1, "topic", "t", "partition", "0");
    gauges.set("b", 2, "topic", "t", "partition", "1");

    gauges.clear();
    assertThat(registry.getMeters()).isEmpty();

    gauges.set("a", 4, "topic", "t", "partition", "0");
    assertThat(gauge("0").value()).isEqualTo(4.0);
  }
}
