package dev.eventbus.examples.quickstart;

import dev.eventbus.Event;
import dev.eventbus.EventType;

/**
 * An order was placed.
 *
 * @param orderId the order
 * @param customerId the customer; the partition key, so one customer's orders stay in order
 * @param amountCents the amount in cents
 */
@EventType(value = "com.example.orders.OrderPlaced", version = 1)
public record OrderPlaced(String orderId, String customerId, long amountCents) {
  /**
   * The event for an order, keyed by customer.
   *
   * @param orderId the order
   * @param customerId the customer
   * @param amountCents the amount
   * @return the event
   */
  public static Event<OrderPlaced> of(String orderId, String customerId, long amountCents) {
    return Event.builder(new OrderPlaced(orderId, customerId, amountCents))
        .partitionKey(customerId)
        .subject(orderId)
        .build();
  }
}
