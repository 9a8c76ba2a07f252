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
 * @param eventsByReference the broker lives in the publishing process and hands each {@link
 *     dev.eventbus.Event} object itself to the consumers: the core then publishes {@link
 *     BrokerMessage#byReference} messages, which are encoded only if their bytes are asked for (a
 *     dead letter inspected), skips the size check (no bytes exist), and hands the same event to
 *     the handlers. Only an in-process broker can declare it; every real broker encodes.
 */
public record Capabilities(
    boolean orderedByKey,
    boolean persistent,
    boolean nativeDelayedRetry,
    boolean replay,
    boolean nativeDeadLetter,
    long maxMessageBytes,
    boolean eventsByReference) {

  /**
   * The capabilities of a broker that encodes every event, as every broker outside the process
   * does.
   *
   * @param orderedByKey events with the same partition key reach a group in publish order
   * @param persistent a group's events outlive the process
   * @param nativeDelayedRetry retry delays survive restarts
   * @param replay a new group can start from the earliest retained event
   * @param nativeDeadLetter dead letters are kept by the broker itself
   * @param maxMessageBytes the largest encoded message the broker accepts
   */
  public Capabilities(
      boolean orderedByKey,
      boolean persistent,
      boolean nativeDelayedRetry,
      boolean replay,
      boolean nativeDeadLetter,
      long maxMessageBytes) {
    this(
        orderedByKey,
        persistent,
        nativeDelayedRetry,
        replay,
        nativeDeadLetter,
        maxMessageBytes,
        false);
  }
}
