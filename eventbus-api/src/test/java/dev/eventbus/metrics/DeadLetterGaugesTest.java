package dev.eventbus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class DeadLetterGaugesTest {
  record Order(String id) {}

  @Test
  void depthAndOldestAgeFollowTheDeadLetters() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (EventBus bus =
        EventBus.builder()
            .meterRegistry(meters)
            .deadLetterDepthRefresh(Duration.ofMillis(10))
            .group("billing", GroupOptions.custom().retry(RetryPolicy.none()).build())
            .build()) {
      bus.subscribe(
          "orders",
          "billing",
          Order.class,
          (o, ctx) -> {
            throw new IllegalStateException("declined");
          });
      bus.start();
      assertThat(awaitGauge(meters, "eventbus.dead.letters", v -> v == 0)).isZero();
      assertThat(awaitGauge(meters, "eventbus.dead.letters.oldest.age", v -> v == 0)).isZero();

      bus.publish("orders", new Order("o-1")).get(5, TimeUnit.SECONDS);

      assertThat(awaitGauge(meters, "eventbus.dead.letters", v -> v == 1)).isEqualTo(1);
      assertThat(awaitGauge(meters, "eventbus.dead.letters.oldest.age", v -> v >= 0))
          .isBetween(0.0, 60.0);
      bus.deadLetters().purge("orders", "billing");
      assertThat(awaitGauge(meters, "eventbus.dead.letters", v -> v == 0)).isZero();
    }
  }

  private static double awaitGauge(SimpleMeterRegistry meters, String name, DoublePredicate ok) {
    Gauge gauge = meters.get(name).tags("topic", "orders", "group", "billing").gauge();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    double v = gauge.value();
    while (!ok.test(v) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      v = gauge.value();
    }
    return v;
  }
}
