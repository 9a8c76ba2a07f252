package dev.eventbus.examples.outbox;

/**
 * The event of a stored order.
 *
 * @param orderId the order
 * @param customer who placed it
 * @param totalCents its total
 */
public record OrderPlaced(String orderId, String customer, long totalCents) {}
