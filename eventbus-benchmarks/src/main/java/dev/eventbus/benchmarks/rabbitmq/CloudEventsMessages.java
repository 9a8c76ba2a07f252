package dev.eventbus.benchmarks.rabbitmq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.rabbitmq.client.AMQP;
import dev.eventbus.benchmarks.load.CloudEventsText;
import dev.eventbus.benchmarks.load.LoadPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  private static final String CONTENT_TYPE = "application/json";

  private final String filler;
  private final ObjectWriter writer;
  private final ObjectReader reader;
  private final CloudEventsText text = new CloudEventsText();

  CloudEventsMessages(int payloadSize) {
    ObjectMapper mapper =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.filler = LoadPayload.filler(payloadSize);
    this.writer = mapper.writerFor(LoadPayload.class);
    this.reader = mapper.readerFor(LoadPayload.class);
  }

  @Override
  public Message message(long intendedNanos) {
    byte[] body;
    try {
      body = writer.writeValueAsBytes(new LoadPayload(intendedNanos, filler));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    long now = System.currentTimeMillis();
    Map<String, Object> headers = new HashMap<>(16);
    headers.put("cloudEvents:id", CloudEventsText.id(now));
    headers.put("cloudEvents:source", CloudEventsText.SOURCE);
    headers.put("cloudEvents:type", CloudEventsText.TYPE);
    headers.put("cloudEvents:specversion", "1.0");
    headers.put("cloudEvents:time", text.time(now));
    headers.put("cloudEvents:eventversion", "1");
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .deliveryMode(2)
            .contentType(CONTENT_TYPE)
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
    if (!CloudEventsText.TYPE.equals(type)) {
      throw new IllegalStateException("unexpected cloudEvents:type " + type);
    }
    try {
      LoadPayload payload = reader.readValue(body);
      return payload.intendedNanos();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
