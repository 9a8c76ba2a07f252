package dev.eventbus.testkit;

/**
 * Another payload of the harness tests.
 *
 * @param orderId the order
 */
public record OrderCancelled(String orderId) {}
