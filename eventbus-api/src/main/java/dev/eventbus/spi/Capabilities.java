package dev.eventbus.spi;

/**
 * What a broker can do. The core adapts to it, and the contract suite runs or skips (with the
 * reason printed) the tests of each capability.
 *
 * @param orderedByKey events with the same partition key reach a group in publish order
 * @param persistent a group's events outlive the process: events published while no instance of the
 *     group runs are delivered when one starts
 * @param nativeDelayedRetry {@link Delivery#retryLater} keeps its delay across restarts (retry
 *     topics, TTL queues, visibility timeouts) rather than in process memory
 * @param replay a new group can start from the earliest retained event
 * @param nativeDeadLetter dead letters are kept by the broker itself (a topic or a queue), not in
 *     process memory
 * @param maxMessageBytes the largest encoded message the broker accepts
 */
public record Capabilities(
    boolean orderedByKey,
    boolean persistent,
    boolean nativeDelayedRetry,
    boolean replay,
    boolean nativeDeadLetter,
    long maxMessageBytes) {}
