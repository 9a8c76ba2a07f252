package dev.eventbus.testkit;

/**
 * A payload of the harness tests.
 *
 * @param orderId the order
 * @param amount the amount in cents
 */
public record OrderPlaced(String orderId, long amount) {}
