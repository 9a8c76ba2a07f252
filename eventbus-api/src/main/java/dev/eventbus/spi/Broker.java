package dev.eventbus.spi;

import dev.eventbus.Event;
import dev.eventbus.PublishException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The broker SPI: moves encoded messages and acknowledgements, nothing more. Serialization, retry
 * decisions, dead-letter headers, idempotency and metrics live in the core.
 *
 * <p>Implementations are thread-safe. The bus calls {@link #start(BrokerContext)} once before any
 * other method and {@link #close()} once at the end; {@code close()} is idempotent and after it
 * every method fails with an {@code EventBusException}.
 *
 * <p>Every send carries the publish's <em>deadline</em>, a {@link System#nanoTime()} reading: the
 * bus's publish timeout ({@link BrokerContext#publishTimeout()}) counted from when the publish
 * began, its wait for room in the bus's publish window included. That window is the only publish
 * buffer; an adapter that holds a message while its broker cannot take it (during an outage,
 * between retries) fails the message's future once the deadline has passed, and fails a send at
 * once whose deadline has passed already. It keeps no timeout of its own.
 */
public interface Broker extends AutoCloseable {
  /**
   * A short name for logs and metrics: {@code memory}, {@code kafka}, {@code rabbitmq}, ...
   *
   * @return the name
   */
  String name();

  /**
   * The broker's value of the OpenTelemetry attribute {@code messaging.system}, on the spans of the
   * bus's observations: {@code kafka}, {@code rabbitmq}, {@code aws.eventbridge}, ... The spans of
   * publishing carry it, and so do those of processing unless a delivery names the system it was
   * received from ({@link Delivery#traceAttributes()}). Read once, when the bus is built. The
   * default is {@link #name()}.
   *
   * @return a constant, lowercase name
   */
  default String messagingSystem() {
    return name();
  }

  /**
   * What this broker can do.
   *
   * @return the capabilities; constant for the broker's life
   */
  Capabilities capabilities();

  /**
   * Checks that this broker accepts a topic's name and, with a group, the group's name and the
   * names it derives from the pair (retry and dead-letter queues or topics). The bus calls it first
   * in every subscribe (with the group) and every publish (without), before and after {@link
   * #start}, so that a name the broker refuses fails the same way whenever it is used. The bus
   * remembers the topics it accepted and asks about each once, so the check costs nothing per
   * publish; it must not touch the network, and may be called from any thread, also before start.
   * The default accepts every name the bus lets through (not null, not blank); a broker that wraps
   * another delegates this.
   *
   * @param topic the topic, as the application gave it
   * @param group the group, as the application gave it, or null when checking a topic to publish
   * @throws dev.eventbus.ConfigurationException for a refused name: its key {@code topic} or {@code
   *     group}, its value the name exactly as given, and what the broker allows
   */
  default void validateNames(String topic, String group) {}

  /**
   * Connects. Called once by the bus before anything else. A broker client serves one bus: a second
   * start fails with {@link dev.eventbus.EventBusException}, as does a start after {@link
   * #close()}; {@link BrokerLifecycle} keeps that state for an adapter. (The in-memory broker is
   * the broker itself, shared by the buses that stand for processes in a test, and counts them.)
   *
   * @param context the bus's scheduler and meter registry
   */
  void start(BrokerContext context);

  /**
   * Sends one message to every group of a topic. The future completes when the broker has durably
   * accepted it (Kafka acks=all, RabbitMQ publisher confirm, ...) and fails with an {@code
   * EventBusException} otherwise; it never completes before that.
   *
   * @param topic the topic
   * @param message the message
   * @param deadline the {@link System#nanoTime()} by which the broker must have accepted it: the
   *     future fails once it has passed
   * @return completes on durable acceptance
   */
  CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline);

  /**
   * A deadline for a send, {@code timeout} from now: what the bus passes is {@link
   * BrokerContext#publishTimeout()} from when the publish began.
   *
   * @param timeout how long from now
   * @return a {@link System#nanoTime()} reading
   */
  static long deadlineAfter(Duration timeout) {
    return System.nanoTime() + timeout.toNanos();
  }

  /**
   * Whether a deadline has passed.
   *
   * @param deadline a {@link System#nanoTime()} reading
   * @return true once {@code System.nanoTime()} has reached it
   */
  static boolean passed(long deadline) {
    return System.nanoTime() - deadline >= 0;
  }

  /**
   * The failure of a send whose deadline passed before the broker accepted it.
   *
   * @param eventId the message's id
   * @param broker the broker's name, for the message
   * @return a {@link PublishException} saying so
   */
  static PublishException deadlinePassed(String eventId, String broker) {
    return new PublishException(
        "The publish timeout of event " + eventId + " passed before " + broker + " accepted it",
        null);
  }

  /**
   * Sends an event by reference, for a broker that declares {@link
   * Capabilities#eventsByReference()}: the bus calls this instead of {@link #send} and encodes
   * nothing. The default sends {@link BrokerMessage#byReference(Event, Function)}; an in-process
   * broker overrides it to keep the event without making that message until it is asked for.
   *
   * @param topic the topic
   * @param event the complete event
   * @param encoder encodes the event if its bytes are ever asked for
   * @param deadline as for {@link #send}; an in-process broker that accepts at once while it has
   *     room needs it only while it waits for room
   * @return completes on acceptance
   */
  default CompletableFuture<Void> sendByReference(
      String topic, Event<?> event, Function<Event<?>, BrokerMessage> encoder, long deadline) {
    return send(topic, BrokerMessage.byReference(event, encoder), deadline);
  }

  /**
   * Sends messages to a topic, in order, with one future per message. Adapters override this to
   * batch; the default sends them one by one.
   *
   * @param topic the topic
   * @param messages the messages
   * @param deadline as for {@link #send}, the same for every message
   * @return one future per message, in the same order
   */
  default List<CompletableFuture<Void>> sendBatch(
      String topic, List<BrokerMessage> messages, long deadline) {
    List<CompletableFuture<Void>> futures = new ArrayList<>(messages.size());
    for (BrokerMessage m : messages) {
      futures.add(send(topic, m, deadline));
    }
    return futures;
  }

  /**
   * Sends one message to a single group of a topic, not to the others: used to redrive dead
   * letters. The group's consumers receive it like any other message.
   *
   * @param topic the topic
   * @param group the group
   * @param message the message
   * @param deadline as for {@link #send}
   * @return completes on durable acceptance
   */
  CompletableFuture<Void> sendToGroup(
      String topic, String group, BrokerMessage message, long deadline);

  /**
   * Starts consuming a (topic, group) in this process. Creates the group's queue or offsets if
   * needed (where the broker allows). Deliveries go to the listener until the subscription is
   * closed.
   *
   * @param spec what to consume and how much at once
   * @param listener receives the deliveries
   * @return the running subscription
   */
  BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener);

  /**
   * This broker's dead-letter destinations.
   *
   * @return the store
   */
  DeadLetterStore deadLetters();

  /**
   * What limits a message's size on this broker, in words, for the {@link
   * dev.eventbus.EventTooLargeException} the core throws when an event exceeds {@link
   * Capabilities#maxMessageBytes()}: the core checks the size once, before {@link #send}, so an
   * adapter checks nothing itself and only translates its broker's own "too large" error.
   *
   * @return for example {@code "RabbitMQ max_message_size, eventbus.rabbitmq.max-message-bytes"}
   */
  default String messageSizeLimit() {
    return name() + " broker's maximum message size";
  }

  /**
   * The state of this broker's connection, for health endpoints. Called only between {@link
   * #start(BrokerContext)} and {@link #close()} (the bus reports DOWN outside them), from any
   * thread, possibly often: it must be cheap and must not block on the network. Adapters that can
   * tell a lost connection override it; the default reports UP.
   *
   * @return the current state
   */
  default BrokerHealth health() {
    return BrokerHealth.up("started");
  }

  /** Releases every connection. Subscriptions should be closed first. Idempotent. */
  @Override
  void close();
}
