package dev.eventbus.rabbitmq;

/**
 * The kind of RabbitMQ queue that backs a group and its retry delay queues (its dead-letter queue
 * is always classic, see {@link RabbitMqBroker}). Chosen once per broker with {@link
 * RabbitMqBroker.Builder#queueType(QueueType)}; a queue keeps the type it was created with, so
 * changing it for an existing group fails at subscribe with a clear error until the old queues are
 * deleted.
 */
public enum QueueType {
  /**
   * Raft-replicated, durable queue ({@code x-queue-type=quorum}); the default and the type RabbitMQ
   * recommends for data that must not be lost. Delay queues of quorum groups dead-letter with the
   * {@code at-least-once} strategy, so a retry survives a broker crash between expiry and arrival.
   */
  QUORUM,
  /**
   * A durable classic queue holding persistent messages. Lighter on a single node; not replicated.
   */
  CLASSIC
}
