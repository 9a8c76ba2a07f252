package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscribeNamesTest {
  record Shipped(String orderId) {}

  static final class Shipping {
    final BlockingQueue<Shipped> received = new LinkedBlockingQueue<>();

    @Subscribe(topic = "${orders.topic}", group = "${shipping.group}")
    void on(Shipped event) {
      received.add(event);
    }
  }

  @Test
  void annotationNamesPassThroughTheGivenResolverBeforeTheyAreUsed() throws Exception {
    Map<String, String> names = Map.of("${orders.topic}", "orders-eu", "${shipping.group}", "ship");
    Shipping shipping = new Shipping();
    try (EventBus bus = EventBus.builder().build()) {
      List<Subscription> subscriptions = bus.subscribe(shipping, names::get);
      bus.start();

      bus.publish("orders-eu", new Shipped("o-1")).join();

      assertThat(shipping.received.poll(5, TimeUnit.SECONDS)).isEqualTo(new Shipped("o-1"));
      assertThat(subscriptions)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.topic()).isEqualTo("orders-eu");
                assertThat(s.group()).isEqualTo("ship");
              });
    }
  }
}
