package dev.eventbus.benchmarks.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.MessageProperties;
import dev.eventbus.benchmarks.load.LoadPayload;

/**
 * What the raw amqp-client baseline puts in a message and reads back from one: bare bytes, or the
 * CloudEvents envelope the adapter writes ({@link CloudEventsMessages}). Thread-safe.
 */
interface MessageFormat {
  /**
   * The message to publish.
   *
   * @param intendedNanos the intended send time
   * @return properties and body
   */
  Message message(long intendedNanos);

  /**
   * Reads the intended send time back.
   *
   * @param props the received properties
   * @param body the received body
   * @return the time
   */
  long intendedNanos(AMQP.BasicProperties props, byte[] body);

  /** A message to publish. */
  record Message(AMQP.BasicProperties props, byte[] body) {}

  /**
   * Persistent messages without headers: the payload's bytes alone.
   *
   * @param payloadSize the body size
   * @return the format
   */
  static MessageFormat bare(int payloadSize) {
    return new MessageFormat() {
      @Override
      public Message message(long intendedNanos) {
        return new Message(
            MessageProperties.PERSISTENT_BASIC, LoadPayload.rawBody(payloadSize, intendedNanos));
      }

      @Override
      public long intendedNanos(AMQP.BasicProperties props, byte[] body) {
        return LoadPayload.intendedNanos(body);
      }
    };
  }
}
