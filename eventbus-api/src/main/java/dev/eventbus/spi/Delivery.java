package dev.eventbus.spi;

import dev.eventbus.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One delivery of a message to a consumer, with the means to settle it.
 *
 * <p>The core settles every delivery exactly once, by calling one of {@link #ack()}, {@link
 * #retryLater(Duration, Map)} or {@link #deadLetter(Map)}, from any thread; it guards that itself
 * (a second settlement, one during a dead-letter write and any after the subscription closed never
 * reach the delivery), so an adapter implements the broker's actions and no once-only logic. A
 * failed {@code deadLetter} leaves the delivery open, and the core may call it again. Until then
 * the delivery counts against the subscription's {@link ConsumerSpec#maxInFlight()}. A delivery
 * that is never settled (the process died, the subscription closed) must be redelivered by the
 * broker later: that is what makes delivery at-least-once.
 *
 * <p>Implementations must be thread-safe: settlement may happen on a handler thread while the
 * adapter's own threads keep fetching.
 */
public interface Delivery {
  /** Header carrying the attempt number of a redelivered message (1 for the first delivery). */
  String ATTEMPT_HEADER = "eventbus-attempt";

  /** Header carrying the time of the first failed attempt, ISO-8601. */
  String FIRST_FAILURE_HEADER = "eventbus-first-failure";

  /**
   * The message as received. The core calls this on its handler threads, not on the thread that
   * hands the delivery over: an adapter may build the message lazily, on first call, so that the
   * header mapping does not run on its single fetching thread. Calls from several threads must see
   * equal messages.
   *
   * @return the message
   */
  BrokerMessage message();

  /**
   * The message's partition key, the same as {@code message().key()}. The core asks for it on the
   * thread that hands the delivery over (to keep per-key order), so an adapter that builds {@link
   * #message()} lazily answers it without building the message.
   *
   * @return the key, or null
   */
  default String key() {
    return message().key();
  }

  /**
   * The event itself when the broker carries events by reference ({@link
   * Capabilities#eventsByReference()}), the same as {@code message().event()}: the core then hands
   * it to the handlers without decoding. An in-process broker answers without making the message.
   *
   * @return the event, or null for an encoded message
   */
  default Event<?> event() {
    return message().event();
  }

  /**
   * The topic it was received from.
   *
   * @return the topic name as the application knows it
   */
  String topic();

  /**
   * The group it was delivered to.
   *
   * @return the group name
   */
  String group();

  /**
   * Which attempt this is, 1 for the first. By default read from {@link #ATTEMPT_HEADER}; adapters
   * whose broker counts deliveries natively (SQS receive count, AMQP delivery count) may combine it
   * with that count.
   *
   * @return the attempt number, at least 1
   */
  default int attempt() {
    String value = message().headers().get(ATTEMPT_HEADER);
    if (value == null) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /**
   * Tells the adapter that an attempt failed and that the core retries this same delivery in place:
   * it stays unsettled and runs again, as attempt {@code nextAttempt}, after the retry policy's
   * backoff. The core does this for keyed events on brokers ordered by key ({@link
   * Capabilities#orderedByKey()}), so that later events of the key keep waiting behind it; other
   * events are retried through {@link #retryLater(Duration, Map)} and this is not called for them.
   *
   * <p>The core calls it on a handler thread, once per failed attempt that is retried in place,
   * before it schedules the retry, while the delivery is still unsettled. An adapter that can keep
   * the two values durably with the delivery's position does so, and when the broker delivers the
   * same unsettled message again after this consumer stopped (a crash, a close, a rebalance), it
   * reports them on that delivery: {@link #attempt()} returns {@code nextAttempt} and {@link
   * #message()}'s headers carry {@link #FIRST_FAILURE_HEADER}, so the count goes on where it was
   * and a dead letter names the right first failure. The adapter documents how far that survives
   * (for example, to within its commit interval). It must neither block nor throw; a failure to
   * keep the values only means the count starts again.
   *
   * <p>The default keeps nothing: after a restart the retried delivery counts from 1 again.
   *
   * @param nextAttempt the attempt the core makes next, 2 or more
   * @param firstFailure when the first attempt of this delivery failed
   */
  default void retryingInPlace(int nextAttempt, Instant firstFailure) {}

  /**
   * What only the broker knows about this delivery, for the span of each handler attempt: its
   * attributes named as in the OpenTelemetry messaging semantic conventions, such as {@code
   * messaging.destination.partition.id} and {@code messaging.kafka.offset}, or {@code
   * messaging.system} when the consumer receives from another system than the one published to
   * (EventBridge delivers through SQS, {@code aws_sqs}). An entry replaces the core's attribute of
   * the same name; {@code messaging.system} and {@code messaging.destination.partition.id} are
   * low-cardinality (meter tags too, through a meter handler), the others span attributes only.
   * Values never hold payload data or secrets.
   *
   * <p>The core calls this on a handler thread, once per attempt, and only when the bus has an
   * observation registry. The default has none.
   *
   * @return the attributes, possibly empty
   */
  default Map<String, String> traceAttributes() {
    return Map.of();
  }

  /** The message was handled (or deliberately skipped): remove it from the group's queue. */
  void ack();

  /**
   * Hands the message back, to be delivered to this group again after a delay, with the given
   * headers added to it (where the broker can carry headers across a redelivery). The message must
   * not be lost in between: an adapter that republishes it (a retry topic or a delay queue) acks
   * the original only after the republish was durably accepted.
   *
   * <p>Brokers with native delayed retry keep the delay across restarts; others may redeliver
   * earlier after a crash, never later than necessary and never not at all.
   *
   * @param delay how long to wait before redelivery, zero or more
   * @param headers headers to add to the redelivered message, for example {@link #ATTEMPT_HEADER}
   */
  void retryLater(Duration delay, Map<String, String> headers);

  /**
   * Writes the message, with the given headers added, to the group's dead-letter destination, and
   * acks it once the write is durable. If the write fails the message is not acked and the returned
   * future fails: the delivery is then still unsettled, and the core calls {@code deadLetter} again
   * later (or the broker redelivers it after a crash).
   *
   * @param headers dead-letter headers to add, see {@code dev.eventbus.DeadLetter}
   * @return completes when the dead letter is durable and the original acked
   */
  CompletableFuture<Void> deadLetter(Map<String, String> headers);
}
