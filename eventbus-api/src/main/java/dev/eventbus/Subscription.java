package dev.eventbus;

/**
 * One consumer of a topic for a group in this process, as returned by {@link EventBus#subscribe}.
 * Thread-safe.
 */
public interface Subscription extends AutoCloseable {
  /**
   * The topic.
   *
   * @return the topic
   */
  String topic();

  /**
   * The group.
   *
   * @return the group
   */
  String group();

  /**
   * The current state, for health checks.
   *
   * @return the state
   */
  SubscriptionState state();

  /**
   * Deliveries received and not yet settled.
   *
   * @return the count, at most the group's {@link GroupOptions#maxInFlight()}
   */
  int inFlight();

  /**
   * Stops fetching, waits for in-flight handlers up to the bus's close timeout, settles what
   * finished and releases the consumer. Unfinished events are redelivered later. Idempotent.
   */
  @Override
  void close();
}
