package dev.eventbus.examples.quickstart;

import dev.eventbus.Subscribe;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ships every order, including the one billing rejects (it is another group: pub/sub). An order of
 * an earlier run is counted apart, as in {@link Billing}.
 */
public final class Shipping {
  static final String GROUP = "quickstart-shipping";

  private final String run;
  private final AtomicInteger handled = new AtomicInteger();
  private final AtomicInteger earlier = new AtomicInteger();

  Shipping(String run) {
    this.run = run;
  }

  @Subscribe(topic = QuickstartApp.ORDERS, group = GROUP)
  void ship(OrderPlaced order) {
    (order.orderId().startsWith(run + "-") ? handled : earlier).incrementAndGet();
  }

  int handled() {
    return handled.get();
  }

  int earlier() {
    return earlier.get();
  }
}
