package dev.eventbus.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.Subscribe;
import dev.eventbus.testkit.DeadLettered;
import dev.eventbus.testkit.EventBusExtension;
import dev.eventbus.testkit.EventBusHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The snippets of docs/testing.md, compiled and run so that the guide cannot rot. */
class TestingGuideTest {
  record OrderPlaced(String orderId, long amountCents) {}

  record OrderBilled(String orderId) {}

  static class Billing {
    @Subscribe(topic = "orders", group = "billing")
    void on(OrderPlaced order, dev.eventbus.DeliveryContext context) {
      if (order.amountCents() < 0) {
        throw new IllegalArgumentException("negative amount");
      }
      context.publish("billing", new OrderBilled(order.orderId()));
    }
  }

  // --- snippet: extension
  @RegisterExtension
  final EventBusExtension eventBus =
      EventBusExtension.create(
          harness ->
              harness.configure(
                  bus ->
                      bus.group(
                          "billing",
                          GroupOptions.custom()
                              .retry(
                                  RetryPolicy.custom()
                                      .maxAttempts(5)
                                      .initialDelay(Duration.ofSeconds(1))
                                      .maxDelay(Duration.ofMinutes(1))
                                      .build())
                              .build())));

  @Test
  void billsAnOrder(EventBusHarness harness, EventBus bus) {
    bus.subscribe(new Billing());

    harness.publish("orders", new OrderPlaced("o-1", 4200));

    assertThat(harness.consumed().any(OrderPlaced.class, o -> o.orderId().equals("o-1"))).isTrue();
    assertThat(harness.published().any(OrderBilled.class)).isTrue();
    assertThat(harness.deadLettered().none(OrderPlaced.class)).isTrue();
  }

  // --- snippet: virtual time
  @Test
  void aNegativeAmountIsRetriedFiveTimesThenDeadLettered(EventBusHarness harness, EventBus bus) {
    bus.subscribe(new Billing());

    harness.publish("orders", new OrderPlaced("o-2", -1));

    // Four backoff delays of 1 s to 8 s pass on the virtual clock: this takes milliseconds.
    DeadLettered dead = harness.deadLettered().first(OrderPlaced.class);
    assertThat(dead.deadLetter().attempts()).isEqualTo(5);
    assertThat(dead.reason()).isEqualTo("retries-exhausted");
    assertThat(dead.exception()).isInstanceOf(IllegalArgumentException.class);
  }

  // --- snippet: faults
  @Test
  void aTransientFailureIsRetried(EventBusHarness harness, EventBus bus) {
    bus.subscribe(new Billing());
    harness.faults().failNext(2, "billing");

    harness.publish("orders", new OrderPlaced("o-3", 100));

    assertThat(harness.published().any(OrderBilled.class)).isTrue();
    harness.consumed().awaitCount(OrderPlaced.class, 3); // two injected failures, then success
    assertThat(harness.consumed().count(OrderPlaced.class)).isEqualTo(3);
  }
}
