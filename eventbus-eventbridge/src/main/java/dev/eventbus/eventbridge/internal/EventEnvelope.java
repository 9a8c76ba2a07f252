package dev.eventbus.eventbridge.internal;

import static dev.eventbus.spi.MessageSize.utf8Length;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.CloudEventAttributes;
import dev.eventbus.spi.StructuredCloudEvents;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Writes a {@link BrokerMessage} as an EventBridge event and reads it back from the JSON that
 * EventBridge delivers to SQS, as "Mapping" in docs/eventbridge.md shows. Thread-safe.
 */
final class EventEnvelope {
  private static final String METADATA = "eventbus";
  private static final String DATA = "data";
  private static final String DATA_BASE64 = "data_base64";
  private static final String HEADERS = "headers";
  private static final String KEY = "key";
  private static final String UNTYPED = "eventbus.untyped"; // the detail-type without a type
  private static final int TIME_BYTES = 14; // what EventBridge counts for an entry's Time
  private static final byte[] NO_DATA = {};

  private final JsonFactory json = new JsonFactory();

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
   * An entry's size as EventBridge counts it: 14 bytes for a {@code Time}, the UTF-8 bytes of the
   * rest, counted without encoding a Detail of up to 256 KB.
   */
  static long entrySize(PutEventsRequestEntry entry) {
    long size = (entry.time() != null ? TIME_BYTES : 0) + utf8Length(entry.source());
    size += utf8Length(entry.detailType()) + utf8Length(entry.detail());
    for (String resource : entry.resources()) { // empty, never null, when unset
      size += utf8Length(resource);
    }
    return size;
  }

  /** The SQS body EventBridge would deliver for a message, to send it straight to a queue. */
  String sqsBody(String source, BrokerMessage message, String region, String account) {
    Instant time = time(message);
    return write(
        message,
        512,
        g -> {
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
        });
  }

  private String detail(BrokerMessage message) {
    return write(
        message,
        256,
        g -> {
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
        });
  }

  private interface Members {
    void write(JsonGenerator g) throws IOException;
  }

  private String write(BrokerMessage message, int extraSize, Members members) {
    StringWriter out = new StringWriter(message.body().length + extraSize);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      members.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new EventBusException("Cannot write the EventBridge event of " + message, e);
    }
    return out.toString();
  }

  /**
   * Reads an SQS body as an event of {@link #entry} or of another producer, or a CloudEvent in the
   * JSON format, else as a bare body for the core to dead-letter. The extra headers (SQS message
   * attributes) replace those of the same name.
   */
  BrokerMessage read(String body, Map<String, String> extraHeaders) {
    try {
      Received event = Received.parse(json, body);
      BrokerMessage message = event == null ? null : event.toMessage(body, extraHeaders);
      if (message != null) {
        return message;
      }
    } catch (IOException | RuntimeException e) {
      // not an event: perhaps a CloudEvent in the JSON format
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    BrokerMessage m =
        StructuredCloudEvents.read(bytes, () -> BrokerMessage.builder(bytes).headers(extraHeaders));
    return m.attributes().containsKey(CloudEventAttributes.SPECVERSION)
        ? m
        : BrokerMessage.of(null, Map.of(), extraHeaders, bytes); // a JSON object, not a CloudEvent
  }

  private static String detailType(BrokerMessage message) {
    String type = message.attributes().get("type");
    return type == null || type.isEmpty() ? UNTYPED : type;
  }

  private static Instant time(BrokerMessage message) {
    String time = message.attributes().get("time");
    return SqsQueue.parsed(time, t -> Instant.parse(t).truncatedTo(ChronoUnit.SECONDS), null);
  }

  /** The body as JSON text when it is one well-formed JSON value in a JSON content type. */
  private String jsonPayload(BrokerMessage message) {
    if (!CloudEventAttributes.isJson(message.attributes().get("datacontenttype"))) {
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

  /** The parts of an EventBridge event as delivered to SQS, read in one streaming pass. */
  private static final class Received {
    private String id; // envelope members: the attributes of an event of another producer
    private String detailType;
    private String source;
    private String time;
    private int detailStart = -1;
    private int detailEnd = -1;
    private int dataStart = -1;
    private int dataEnd = -1;
    private String dataBase64;
    private BrokerMessage.Builder metadata; // from detail.eventbus: null in others' events
    private String key; // when it differs from the partition key
    private String partitionKey;

    /** Parses an SQS body: null if it is not a JSON object; throws if it is not JSON. */
    static Received parse(JsonFactory json, String body) throws IOException {
      Received e = new Received();
      try (JsonParser p = json.createParser(body)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          switch (name) {
            case "id" -> e.id = text(p);
            case "detail-type" -> e.detailType = text(p);
            case "source" -> e.source = text(p);
            case "time" -> e.time = text(p);
            case "detail" -> e.readDetail(p, value);
            default -> p.skipChildren();
          }
        }
        return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? e : null;
      }
    }

    private void readDetail(JsonParser p, JsonToken start) throws IOException {
      if (start != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      detailStart = (int) p.currentTokenLocation().getCharOffset();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(METADATA) && value == JsonToken.START_OBJECT) {
          readMetadata(p);
        } else if (name.equals(DATA)) {
          dataStart = (int) p.currentTokenLocation().getCharOffset();
          if (value.isStructStart()) {
            p.skipChildren();
          } else {
            p.finishToken();
          }
          dataEnd = (int) p.currentLocation().getCharOffset();
        } else if (name.equals(DATA_BASE64) && value == JsonToken.VALUE_STRING) {
          dataBase64 = p.getText();
        } else {
          p.skipChildren();
        }
      }
      detailEnd = (int) p.currentLocation().getCharOffset();
    }

    private void readMetadata(JsonParser p) throws IOException {
      metadata = BrokerMessage.builder(NO_DATA);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals(HEADERS) && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String header = p.currentName();
            p.nextToken();
            metadata.header(header, text(p));
          }
        } else if (name.equals(KEY)) {
          key = text(p);
        } else {
          String text = text(p);
          metadata.attribute(name, text);
          partitionKey = name.equals("partitionkey") ? text : partitionKey;
        }
      }
    }

    /** The message these parts of {@code body} describe, or null when they are not an event. */
    BrokerMessage toMessage(String body, Map<String, String> extraHeaders) {
      if (metadata != null) {
        byte[] payload = NO_DATA;
        if (dataStart >= 0 && dataEnd > dataStart) {
          payload = body.substring(dataStart, dataEnd).getBytes(StandardCharsets.UTF_8);
        } else if (dataBase64 != null) {
          try {
            payload = Base64.getDecoder().decode(dataBase64);
          } catch (IllegalArgumentException e) {
            return null;
          }
        }
        String k = key != null ? key : partitionKey;
        return metadata.body(payload).key(k).headers(extraHeaders).build();
      }
      if (detailType == null || detailStart < 0 || detailEnd <= detailStart) {
        return null;
      }
      // an event of another producer: the envelope becomes the attributes, detail the payload
      byte[] detail = body.substring(detailStart, detailEnd).getBytes(StandardCharsets.UTF_8);
      return BrokerMessage.builder(detail)
          .attribute("id", id)
          .attribute("source", Objects.requireNonNullElse(source, ""))
          .attribute("type", detailType)
          .attribute("specversion", "1.0")
          .attribute("datacontenttype", "application/json")
          .attribute("time", SqsQueue.parsed(time, t -> Instant.parse(t).toString(), null))
          .headers(extraHeaders)
          .build();
    }

    /** A scalar's text (not null's); skips anything else. */
    private static String text(JsonParser p) throws IOException {
      JsonToken t = p.currentToken();
      if (t != null && t.isScalarValue() && t != JsonToken.VALUE_NULL) {
        return p.getText();
      }
      p.skipChildren();
      return null;
    }
  }
}
