package dev.eventbus.rabbitmq;

/**
 * How a published message carries its event, after the CloudEvents AMQP protocol binding, chosen
 * for the broker ({@link RabbitMqBroker.Builder#contentMode(ContentMode)}) and over it for a topic
 * ({@link RabbitMqBroker.Builder#contentMode(String, ContentMode)}). Consumers read both modes on
 * every topic whichever is configured, so a queue may hold messages of either (and of other
 * CloudEvents producers in either). Retries and dead letters are copies of the message as it
 * arrived, in its mode.
 */
public enum ContentMode {
  /**
   * The default: each attribute an application header {@code cloudEvents:<name>}, except {@code
   * datacontenttype}, which is the {@code content_type} property; the payload is the body.
   */
  BINARY,
  /**
   * The body is one CloudEvents JSON document ({@code content_type: application/cloudevents+json;
   * charset=UTF-8}) with the attributes and the payload: as {@code data} when the payload is JSON,
   * else as {@code data_base64}. Headers that are not attributes stay application headers.
   */
  STRUCTURED
}
