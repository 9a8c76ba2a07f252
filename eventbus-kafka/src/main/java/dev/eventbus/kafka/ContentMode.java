package dev.eventbus.kafka;

/**
 * How a published record carries its event, after the CloudEvents Kafka protocol binding, chosen
 * for the broker ({@link KafkaBroker.Builder#contentMode(ContentMode)}) and over it for a topic
 * ({@link KafkaBroker.Builder#contentMode(String, ContentMode)}). The consumer reads both modes
 * whichever is configured, so a topic may hold records of either (and of other CloudEvents
 * producers in either).
 *
 * <p>{@link #BINARY} is the default: measured per event on the producer and consumer threads
 * ({@code docs/benchmarks.md}, content modes), it costs less CPU than {@link #STRUCTURED} at 100 B
 * and 1 KiB. Structured mode allocates less on the consumer side and suits consumers that want the
 * whole event as one JSON document.
 */
public enum ContentMode {
  /** Each attribute a {@code ce_*} header, the payload as the record value. */
  BINARY,
  /**
   * The record value is one JSON document ({@code content-type: application/cloudevents+json}) with
   * the attributes and the payload: as {@code data} when the content type is JSON, else as {@code
   * data_base64}. Headers that are not attributes stay Kafka headers.
   */
  STRUCTURED
}
