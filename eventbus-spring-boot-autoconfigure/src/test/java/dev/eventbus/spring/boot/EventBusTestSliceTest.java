package dev.eventbus.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.spring.boot.OrdersApp.OrderPlaced;
import dev.eventbus.spring.boot.test.EventBusTest;
import dev.eventbus.testkit.Consumed;
import dev.eventbus.testkit.EventBusHarness;
import dev.eventbus.testkit.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code @EventBusTest}: the application's handlers on the harness, with waiting assertions. */
@EventBusTest(
    classes = OrdersApp.class,
    properties = {
      "orders.topic=orders",
      "orders.table=orders_slice",
      "eventbus.groups.billing.retry.initial-delay=1h",
      "eventbus.groups.billing.retry.max-delay=1h"
    })
class EventBusTestSliceTest {
  @Autowired EventBusHarness harness;
  @Autowired VirtualClock clock;
  @Autowired EventBus bus;

  @Test
  void theApplicationsHandlersRunOnTheHarnessBus() {
    assertThat(bus).isSameAs(harness.bus());
    assertThat(clock).isSameAs(harness.clock());

    harness.publish("orders", new OrderPlaced("s-1", 4200));

    assertThat(harness.consumed().any(OrderPlaced.class, o -> o.orderId().equals("s-1"))).isTrue();
    harness.consumed().awaitCount(OrderPlaced.class, 3); // billing, shipping, audit
    assertThat(harness.deadLettered().none(OrderPlaced.class, o -> o.orderId().equals("s-1")))
        .isTrue();
  }

  @Test
  void anHourOfBackoffPassesOnTheVirtualClock() {
    var before = clock.now();

    harness.publish("orders", new OrderPlaced("s-flaky", OrdersApp.FLAKY));

    // The first attempt fails, the retry waits 1 h of virtual time: milliseconds of real time.
    Consumed retried =
        harness
            .consumed()
            .within(Duration.ofSeconds(10))
            .first(
                c ->
                    c.succeeded()
                        && "billing".equals(c.group())
                        && c.event().payload() instanceof OrderPlaced o
                        && o.orderId().equals("s-flaky"));
    assertThat(retried.attempt()).isEqualTo(2);
    assertThat(Duration.between(before, clock.now()))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(48));
  }
}
