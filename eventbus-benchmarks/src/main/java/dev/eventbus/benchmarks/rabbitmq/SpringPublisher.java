package dev.eventbus.benchmarks.rabbitmq;

import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadPayload;

/**
 * How the Spring AMQP peer publishes: with {@code RabbitTemplate} and its JSON converter, every
 * message confirmed by the broker before it counts, at most {@link
 * RawRabbitMqClient#CONFIRM_WINDOW} unconfirmed. {@link #send} is called from one thread at a time.
 */
interface SpringPublisher extends AutoCloseable {
  /**
   * Publishes a record to a topic exchange; blocks while the confirm window is full.
   *
   * @param exchange the topic's exchange
   * @param payload the record
   * @param acks told when the broker confirmed it, or that it failed
   */
  void send(String exchange, LoadPayload payload, Acks acks);

  /** Fails what is not confirmed yet and stops. */
  @Override
  void close();
}
