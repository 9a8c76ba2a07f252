package dev.eventbus.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.spring.boot.test.EventBusTest;
import dev.eventbus.testkit.DeadLettered;
import dev.eventbus.testkit.EventBusHarness;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

// The slice of docs/spring-boot.md ("Testing"): the application's handlers on the harness.
@EventBusTest
class BillingTest {
  @Autowired EventBusHarness harness;
  @Autowired OrderStatus status;

  @Test
  void billsAnOrder() {
    harness.publish("orders", new OrderPlaced("o-1", "c-1", 4200));

    assertThat(harness.consumed().any(OrderPlaced.class, o -> o.orderId().equals("o-1"))).isTrue();
    assertThat(harness.deadLettered().none(OrderPlaced.class, o -> o.orderId().equals("o-1")))
        .isTrue();
    assertThat(status.of("o-1")).contains("billed");
  }

  @Test
  void aNegativeAmountIsDeadLetteredAtOnce() {
    harness.publish("orders", new OrderPlaced("o-2", "c-1", -1));

    DeadLettered dead =
        harness.deadLettered().first(OrderPlaced.class, o -> o.orderId().equals("o-2"));
    assertThat(dead.deadLetter().attempts()).isEqualTo(1);
    assertThat(dead.reason()).isEqualTo("non-retryable");
  }
}
