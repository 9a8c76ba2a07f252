package dev.eventbus.spi;

import dev.eventbus.SubscriptionState;

/**
 * A running consumer of one (topic, group) in one process, as returned by {@link
 * Broker#subscribe(ConsumerSpec, DeliveryListener)}.
 *
 * <p>Thread-safe. Closing happens in two steps so that the core can drain: {@link #stopFetching()}
 * first (settlements keep working), then {@link #close()} once in-flight deliveries are settled or
 * the drain timeout passed.
 */
public interface BrokerSubscription {
  /**
   * Stops taking new messages from the broker. Deliveries already handed out can still be settled.
   * Idempotent.
   */
  void stopFetching();

  /**
   * Commits what was settled, gives unsettled deliveries back to the broker for redelivery, and
   * releases connections. After close, settling a delivery of this subscription has no effect (it
   * will be redelivered). Idempotent.
   */
  void close();

  /**
   * The state of this consumer.
   *
   * @return the current state
   */
  SubscriptionState state();

  /**
   * Why this consumer is {@link SubscriptionState#FAILING}, for health output: the broker's error
   * in a sentence (for example {@code "no Kafka broker answered for 4 s: ..."}), never a secret.
   * Read from any thread; may be stale by the time it is read.
   *
   * @return the reason while failing, else null (the default: no reason known)
   */
  default String failureReason() {
    return null;
  }
}
