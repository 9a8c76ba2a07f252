package dev.eventbus.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.DeliveryContext;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.Subscribe;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's usage sample, compiled and run so that it cannot rot. */
class ReadmeSampleTest {
  record OrderPlaced(String orderId, long amountCents) {}

  static final List<String> charged = new CopyOnWriteArrayList<>();
  static final List<String> shipped = new CopyOnWriteArrayList<>();
  static final CountDownLatch done = new CountDownLatch(2);

  static void charge(OrderPlaced order) {
    charged.add(order.orderId());
    done.countDown();
  }

  static void ship(OrderPlaced order) {
    shipped.add(order.orderId());
    done.countDown();
  }

  static class Billing {
    @Subscribe(topic = "orders", group = "billing")
    void on(OrderPlaced order, DeliveryContext context) {
      charge(order); // return = acknowledge; throw = retry, then dead letter
    }
  }

  @Test
  void readmeSampleRuns() throws Exception {
    try (EventBus bus =
        EventBus.builder() // in-memory broker by default
            .group(
                "billing",
                GroupOptions.custom()
                    .concurrency(8)
                    .retry(RetryPolicy.custom().maxAttempts(5).build())
                    .idempotent(true)
                    .build())
            .build()) {
      bus.subscribe(new Billing());
      bus.subscribe("orders", "shipping", OrderPlaced.class, (order, ctx) -> ship(order));
      bus.start();
      bus.publish(
              "orders",
              Event.builder(new OrderPlaced("o-1", 4200)).partitionKey("customer-7").build())
          .join(); // completes once the broker has it durably
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(charged).containsExactly("o-1");
    assertThat(shipped).containsExactly("o-1");
  }
}
