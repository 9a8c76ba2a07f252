package dev.eventbus.benchmarks.rabbitmq;

import com.rabbitmq.client.AMQP;
import dev.eventbus.benchmarks.load.HandWrittenEnvelope;
import dev.eventbus.benchmarks.load.LoadPayload;
import java.util.HashMap;
import java.util.Map;

/**
 * The second baseline's messages: by hand, the per-message work issue #4 asks of the adapter and
 * nothing more. The publisher writes what the adapter writes for an event: six {@code
 * cloudEvents:*} headers ({@code id} a time-ordered UUID, {@code source}, {@code type}, {@code
 * specversion}, {@code time} in RFC 3339, {@code eventversion}), {@code datacontenttype} as the
 * AMQP content type, persistent delivery, and a Jackson-encoded {@link LoadPayload} as the body.
 * The consumer turns every header into a String, checks the type and Jackson-decodes the body on
 * the client's consumer thread: no hand-off, no map of its own, no tracking.
 */
final class CloudEventsMessages implements MessageFormat {
  private final HandWrittenEnvelope envelope;

  CloudEventsMessages(int payloadSize) {
    this.envelope = new HandWrittenEnvelope(payloadSize);
  }

  @Override
  public Message message(long intendedNanos) {
    byte[] body = envelope.body(intendedNanos);
    long now = System.currentTimeMillis();
    Map<String, Object> headers = new HashMap<>(16);
    headers.put("cloudEvents:id", HandWrittenEnvelope.id(now));
    headers.put("cloudEvents:source", HandWrittenEnvelope.SOURCE);
    headers.put("cloudEvents:type", HandWrittenEnvelope.TYPE);
    headers.put("cloudEvents:specversion", "1.0");
    headers.put("cloudEvents:time", envelope.time(now));
    headers.put("cloudEvents:eventversion", "1");
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .deliveryMode(2)
            .contentType(HandWrittenEnvelope.CONTENT_TYPE)
            .headers(headers)
            .build();
    return new Message(props, body);
  }

  @Override
  public long intendedNanos(AMQP.BasicProperties props, byte[] body) {
    String type = null;
    Map<String, Object> headers = props.getHeaders() == null ? Map.of() : props.getHeaders();
    for (Map.Entry<String, Object> e : headers.entrySet()) {
      String value = String.valueOf(e.getValue());
      if (e.getKey().equals("cloudEvents:type")) {
        type = value;
      }
    }
    if (!HandWrittenEnvelope.TYPE.equals(type)) {
      throw new IllegalStateException("unexpected cloudEvents:type " + type);
    }
    return envelope.intendedNanos(body);
  }
}
