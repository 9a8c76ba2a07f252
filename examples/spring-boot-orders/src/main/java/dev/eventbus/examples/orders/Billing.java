package dev.eventbus.examples.orders;

import dev.eventbus.DeliveryContext;
import dev.eventbus.NonRetryableException;
import dev.eventbus.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Bills each order; a bean, so the starter subscribes it. */
@Component
public class Billing {
  private static final Logger log = LoggerFactory.getLogger(Billing.class);
  private final OrderStatus status;

  /**
   * Billing.
   *
   * @param status where billed orders are marked
   */
  public Billing(OrderStatus status) {
    this.status = status;
  }

  /**
   * Bills an order. Returning acknowledges; a negative amount is never retried (a dead letter).
   *
   * @param order the order
   * @param context the delivery
   */
  @Subscribe(topic = "${orders.topic}", group = "billing")
  public void on(OrderPlaced order, DeliveryContext context) {
    if (order.amountCents() < 0) {
      throw new NonRetryableException("cannot bill a negative amount: " + order.orderId());
    }
    log.info("Billed {} cents for order {}", order.amountCents(), order.orderId());
    status.done(order.orderId(), "billed");
  }
}
