package dev.eventbus.examples.quickstart;

import dev.eventbus.DeliveryContext;
import dev.eventbus.NonRetryableException;
import dev.eventbus.Subscribe;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bills orders. Every third order's first attempt fails as if the payment gateway timed out (a
 * transient failure, retried); a negative amount can never be billed (dead-lettered at once).
 */
public final class Billing {
  static final String GROUP = "billing";

  private final String name;
  private final AtomicInteger handled = new AtomicInteger();
  private final AtomicInteger transientFailures = new AtomicInteger();

  Billing(String name) {
    this.name = name;
  }

  @Subscribe(topic = QuickstartApp.ORDERS, group = GROUP)
  void bill(OrderPlaced order, DeliveryContext context) {
    if (order.amountCents() < 0) {
      throw new NonRetryableException("cannot bill a negative amount: " + order.amountCents());
    }
    if (context.attempt() == 1 && order.orderId().hashCode() % 3 == 0) {
      transientFailures.incrementAndGet();
      throw new IllegalStateException("payment gateway timed out");
    }
    handled.incrementAndGet();
  }

  String name() {
    return name;
  }

  int handled() {
    return handled.get();
  }

  int transientFailures() {
    return transientFailures.get();
  }
}
