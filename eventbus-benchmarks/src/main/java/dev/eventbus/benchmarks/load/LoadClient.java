package dev.eventbus.benchmarks.load;

/**
 * One side of a broker comparison: an adapter through {@code EventBus}, a peer library (Spring
 * Kafka, Spring AMQP) or a raw client, sending and receiving messages of one payload size that
 * carry their intended send time.
 *
 * <p>{@link #send} is called from one sender thread at a time; receivers are called from the
 * client's consumer threads. {@link #close()} stops consumers and releases connections.
 */
public interface LoadClient extends AutoCloseable {
  /**
   * What this side is, for the results table.
   *
   * @return for example {@code kafka-clients}, {@code Spring Kafka 4.1.2} or {@code KafkaBroker via
   *     EventBus}
   */
  String name();

  /**
   * Creates what must exist before publishing so that a group receives the topic's messages (a
   * RabbitMQ queue bound to the exchange); nothing where the broker keeps a log.
   *
   * @param topic the topic
   * @param group the group
   */
  void prepare(String topic, String group);

  /**
   * Publishes one message; may block while the client applies backpressure.
   *
   * @param topic the topic
   * @param intendedNanos the {@link System#nanoTime()} at which the message was meant to be sent,
   *     carried in the payload
   * @param acks told when the broker confirmed the message, or that it failed
   */
  void send(String topic, long intendedNanos, Acks acks);

  /**
   * Starts consuming a group from its first unconsumed message.
   *
   * @param topic the topic
   * @param group the group
   * @param receiver told of every message, with the intended send time it carries
   * @return closes the consumer
   */
  AutoCloseable consume(String topic, String group, Receiver receiver);

  /** Stops consumers and releases connections. */
  @Override
  void close();

  /** Receives messages; called from consumer threads, possibly several at once. */
  @FunctionalInterface
  interface Receiver {
    /**
     * One message was received.
     *
     * @param intendedNanos the intended send time it carries
     */
    void received(long intendedNanos);
  }
}
