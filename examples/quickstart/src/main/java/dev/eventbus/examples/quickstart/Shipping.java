package dev.eventbus.examples.quickstart;

import dev.eventbus.Subscribe;
import java.util.concurrent.atomic.AtomicInteger;

/** Ships every order, including the one billing rejects (it is another group: pub/sub). */
public final class Shipping {
  static final String GROUP = "shipping";

  private final AtomicInteger handled = new AtomicInteger();

  @Subscribe(topic = QuickstartApp.ORDERS, group = GROUP)
  void ship(OrderPlaced order) {
    handled.incrementAndGet();
  }

  int handled() {
    return handled.get();
  }
}
