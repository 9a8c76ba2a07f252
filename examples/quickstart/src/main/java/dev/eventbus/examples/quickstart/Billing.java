package dev.eventbus.examples.quickstart;

import dev.eventbus.DeliveryContext;
import dev.eventbus.NonRetryableException;
import dev.eventbus.Subscribe;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bills orders. The first attempt at an order whose amount in cents is a multiple of three (every
 * third order of the example) fails as if the payment gateway timed out (a transient failure,
 * retried); a negative amount can never be billed (dead-lettered at once). An order of an earlier
 * run, which a broker that keeps its queues may still deliver, is acknowledged and counted apart.
 */
public final class Billing {
  static final String GROUP = "quickstart-billing";

  private final String name;
  private final String run;
  private final AtomicInteger handled = new AtomicInteger();
  private final AtomicInteger transientFailures = new AtomicInteger();
  private final AtomicInteger earlier = new AtomicInteger();

  Billing(String name, String run) {
    this.name = name;
    this.run = run;
  }

  @Subscribe(topic = QuickstartApp.ORDERS, group = GROUP)
  void bill(OrderPlaced order, DeliveryContext context) {
    if (!order.orderId().startsWith(run + "-")) {
      earlier.incrementAndGet();
      return;
    }
    if (order.amountCents() < 0) {
      throw new NonRetryableException("cannot bill a negative amount: " + order.amountCents());
    }
    if (context.attempt() == 1 && order.amountCents() % 3 == 0) {
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

  int earlier() {
    return earlier.get();
  }
}
