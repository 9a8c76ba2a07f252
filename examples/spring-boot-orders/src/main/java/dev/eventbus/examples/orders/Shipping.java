package dev.eventbus.examples.orders;

import dev.eventbus.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Ships each order: a second group, so it gets every order too. */
@Component
public class Shipping {
  private static final Logger log = LoggerFactory.getLogger(Shipping.class);
  private final OrderStatus status;

  /**
   * Shipping.
   *
   * @param status where shipped orders are marked
   */
  public Shipping(OrderStatus status) {
    this.status = status;
  }

  /**
   * Ships an order.
   *
   * @param order the order
   */
  @Subscribe(topic = "${orders.topic}", group = "shipping")
  public void on(OrderPlaced order) {
    log.info("Shipping order {} of customer {}", order.orderId(), order.customerId());
    status.done(order.orderId(), "shipped");
  }
}
