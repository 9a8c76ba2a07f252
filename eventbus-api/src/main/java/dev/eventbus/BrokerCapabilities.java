package dev.eventbus;

import dev.eventbus.spi.Broker;
import dev.eventbus.spi.Capabilities;

/**
 * What the bus's broker can do, as {@link EventBus#capabilities()} tells it: which of the
 * guarantees of {@code docs/guarantees.md} hold on that broker, and the table there shows every
 * broker's. Immutable.
 *
 * @param broker the broker's name: {@code memory}, {@code kafka}, {@code rabbitmq}, {@code
 *     eventbridge}, or a third-party provider's
 * @param orderedByKey events with the same partition key reach a group in publish order
 * @param persistent a group's events outlive the process: what is published while no instance of
 *     the group runs is delivered when one starts
 * @param nativeDelayedRetry the delay of a retry handed back to the broker survives a restart (a
 *     retry topic, a delay queue, a visibility timeout), rather than living in process memory
 * @param replay a new group can start from the earliest retained event
 * @param nativeDeadLetter dead letters are kept by the broker itself (a topic or a queue), not in
 *     process memory
 * @param maxMessageBytes the largest encoded event the broker accepts
 * @param eventsByReference handlers receive the published {@link Event} object itself, not a
 *     decoded copy (the in-memory broker's default mode), so payloads must be immutable
 */
public record BrokerCapabilities(
    String broker,
    boolean orderedByKey,
    boolean persistent,
    boolean nativeDelayedRetry,
    boolean replay,
    boolean nativeDeadLetter,
    long maxMessageBytes,
    boolean eventsByReference) {

  /**
   * The capabilities a broker declares to the core, under its name.
   *
   * @param broker the broker
   * @return its capabilities
   */
  public static BrokerCapabilities of(Broker broker) {
    Capabilities c = broker.capabilities();
    return new BrokerCapabilities(
        broker.name(),
        c.orderedByKey(),
        c.persistent(),
        c.nativeDelayedRetry(),
        c.replay(),
        c.nativeDeadLetter(),
        c.maxMessageBytes(),
        c.eventsByReference());
  }
}
