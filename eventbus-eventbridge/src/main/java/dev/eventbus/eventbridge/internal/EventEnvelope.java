package dev.eventbus.eventbridge.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.CloudEventAttributes;
import dev.eventbus.spi.StructuredCloudEvents;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Writes a {@link BrokerMessage} as an EventBridge event and reads it back from the JSON that
 * EventBridge delivers to SQS.
 *
 * <p>The event's {@code detail} is a JSON object with two members: {@code eventbus}, holding every
 * CloudEvents attribute by its plain name, the partition key when it differs from {@code
 * partitionkey}, and the headers under {@code headers}; and {@code data}, the payload itself when
 * it is JSON, or {@code data_base64} when it is not. {@code type} is also the {@code detail-type}
 * so that rules can match it. Thread-safe (stateless apart from a thread-safe JSON factory).
 */
final class EventEnvelope {
  // the members of detail, and of its metadata (see above)
  static final String METADATA = "eventbus";
  static final String DATA = "data";
  static final String DATA_BASE64 = "data_base64";
  static final String HEADERS = "headers";
  static final String KEY = "key";

  /** The {@code detail-type} of a message that has no {@code type} attribute. */
  static final String UNTYPED = "eventbus.untyped";

  /** The bytes EventBridge counts for an entry's {@code Time}. */
  private static final int TIME_BYTES = 14;

  private final JsonFactory json = new JsonFactory();

  /** The PutEvents entry for a message, given its bus and EventBridge source. */
  PutEventsRequestEntry entry(String bus, String source, BrokerMessage message) {
    return PutEventsRequestEntry.builder()
        .eventBusName(bus)
        .source(source)
        .detailType(detailType(message))
        .detail(detail(message))
        .time(time(message))
        .build();
  }

  /**
   * An entry's size as EventBridge counts it against its limits: 14 bytes for {@code Time} when
   * set, plus the UTF-8 bytes of {@code Source}, {@code DetailType}, {@code Detail} and each of
   * {@code Resources}.
   */
  static long entrySize(PutEventsRequestEntry entry) {
    long size = entry.time() != null ? TIME_BYTES : 0;
    size += utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
    if (entry.hasResources()) {
      for (String resource : entry.resources()) {
        size += utf8(resource);
      }
    }
    return size;
  }

  /**
   * The SQS message body EventBridge would deliver for a message: used to send straight to a
   * group's queue (redrive) in the same shape as events that came through EventBridge.
   */
  String sqsBody(String source, BrokerMessage message, String region, String account) {
    Instant time = time(message);
    StringWriter out = new StringWriter(message.body().length + 512);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("version", "0");
      g.writeStringField("id", UUID.randomUUID().toString());
      g.writeStringField("detail-type", detailType(message));
      g.writeStringField("source", source);
      g.writeStringField("account", account);
      g.writeStringField("time", (time != null ? time : Instant.now()).toString());
      g.writeStringField("region", region);
      g.writeArrayFieldStart("resources");
      g.writeEndArray();
      g.writeFieldName("detail");
      g.writeRawValue(detail(message));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private String detail(BrokerMessage message) {
    StringWriter out = new StringWriter(message.body().length + 256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart(METADATA);
      for (Map.Entry<String, String> a : message.attributes().entrySet()) {
        if (a.getValue() != null && !a.getKey().equals(HEADERS) && !a.getKey().equals(KEY)) {
          g.writeStringField(a.getKey(), a.getValue());
        }
      }
      String key = message.key();
      if (key != null && !key.equals(message.attributes().get("partitionkey"))) {
        g.writeStringField(KEY, key);
      }
      if (!message.headers().isEmpty()) {
        g.writeObjectFieldStart(HEADERS);
        for (Map.Entry<String, String> h : message.headers().entrySet()) {
          g.writeStringField(h.getKey(), h.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
      String text = jsonPayload(message);
      if (text != null) {
        g.writeFieldName(DATA);
        g.writeRawValue(text);
      } else {
        g.writeStringField(DATA_BASE64, Base64.getEncoder().encodeToString(message.body()));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new EventBusException("Cannot write the EventBridge detail of " + message, e);
    }
    return out.toString();
  }

  /**
   * Reads an SQS message body. An event written by {@link #entry} comes back with its attributes,
   * key, headers and payload; an event of another producer (no {@code eventbus} metadata) gets
   * {@code id}, {@code source}, {@code type}, {@code time}, {@code specversion} 1.0 and {@code
   * datacontenttype} application/json from the envelope, and {@code detail} as payload; a
   * CloudEvent in the CloudEvents JSON format (structured mode, as a producer sending straight to
   * the queue may write it) comes back with its attributes, its payload and its {@code
   * partitionkey} as key; anything else comes back with no attributes and the body as it is, for
   * the core to dead-letter. The extra headers (from SQS message attributes) are added, replacing
   * those of the same name.
   */
  BrokerMessage read(String body, Map<String, String> extraHeaders) {
    ReceivedEvent event;
    try {
      event = ReceivedEvent.parse(json, body);
    } catch (IOException | RuntimeException e) {
      event = null;
    }
    BrokerMessage message = event == null ? null : event.toMessage(body);
    if (message == null) {
      return structured(body.getBytes(StandardCharsets.UTF_8), extraHeaders);
    }
    return extraHeaders.isEmpty() ? message : message.withHeaders(extraHeaders);
  }

  /** A CloudEvent in the JSON format, or the body as it is when it is not one. */
  private static BrokerMessage structured(byte[] body, Map<String, String> headers) {
    BrokerMessage m =
        StructuredCloudEvents.read(body, () -> BrokerMessage.builder(body).headers(headers));
    return m.attributes().containsKey(CloudEventAttributes.SPECVERSION)
        ? m
        : BrokerMessage.of(null, Map.of(), headers, body); // a JSON object, not a CloudEvent
  }

  private static String detailType(BrokerMessage message) {
    String type = message.attributes().get("type");
    return type == null || type.isEmpty() ? UNTYPED : type;
  }

  private static Instant time(BrokerMessage message) {
    String time = message.attributes().get("time");
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The body as JSON text when it is one well-formed JSON value in a JSON content type. */
  private String jsonPayload(BrokerMessage message) {
    String contentType = message.attributes().get("datacontenttype");
    if (!CloudEventAttributes.isJson(contentType)) {
      return null;
    }
    String text = new String(message.body(), StandardCharsets.UTF_8);
    if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), message.body())) {
      return null; // not valid UTF-8: only base64 keeps the bytes
    }
    try (JsonParser p = json.createParser(text)) {
      if (p.nextToken() == null) {
        return null;
      }
      p.skipChildren();
      return p.nextToken() == null ? text : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static long utf8(String s) {
    if (s == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
