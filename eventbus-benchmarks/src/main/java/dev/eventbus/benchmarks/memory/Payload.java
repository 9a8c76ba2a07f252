package dev.eventbus.benchmarks.memory;

/**
 * The payload the in-memory benchmarks publish: small, immutable, encoded by the bus's default JSON
 * codec. One instance is reused for every event so that allocation figures show what the path
 * allocates, not what the benchmark creates.
 *
 * @param orderId an identifier
 * @param amount an amount
 */
public record Payload(String orderId, long amount) {}
