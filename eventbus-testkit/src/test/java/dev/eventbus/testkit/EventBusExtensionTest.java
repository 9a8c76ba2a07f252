package dev.eventbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventBusExtensionTest {
  @RegisterExtension
  final EventBusExtension eventBus =
      EventBusExtension.create(
          h ->
              h.configure(
                  bus -> bus.group("billing", GroupOptions.custom().concurrency(2).build())));

  @Test
  void injectsTheHarnessOfTheTest(EventBusHarness harness, EventBus bus, VirtualClock clock) {
    assertThat(eventBus.harness()).isSameAs(harness);
    assertThat(bus).isSameAs(harness.bus());
    assertThat(clock).isSameAs(harness.clock());

    bus.subscribe("orders", "billing", OrderPlaced.class, (o, c) -> {});
    harness.publish("orders", new OrderPlaced("o-1", 1));

    assertThat(harness.consumed().any(OrderPlaced.class)).isTrue();
  }

  @Test
  void givesEveryTestAFreshHarness(EventBusHarness harness) {
    assertThat(harness.consumed().count()).isZero();
    assertThat(harness.bus().subscriptions()).isEmpty();
  }
}
