package dev.eventbus.examples.orders;

/**
 * An order was placed: the event {@code POST /orders} publishes.
 *
 * @param orderId the order
 * @param customerId who placed it, the partition key (one customer's orders in order)
 * @param amountCents the amount to bill
 */
public record OrderPlaced(String orderId, String customerId, long amountCents) {}
