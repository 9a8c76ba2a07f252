package dev.eventbus.eventbridge.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.eventbus.spi.BrokerMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of an EventBridge event as delivered to SQS, read in one streaming pass. The payload is
 * kept as the exact JSON text it had in the message (never re-serialized), so its bytes survive.
 */
final class ReceivedEvent {
  private String id;
  private String detailType;
  private String source;
  private String time;
  private int detailStart = -1;
  private int detailEnd = -1;
  private int dataStart = -1;
  private int dataEnd = -1;
  private String dataBase64;
  private Map<String, String> attributes;
  private Map<String, String> headers;
  private String key;

  private ReceivedEvent() {}

  /**
   * Parses an SQS body: null if it is not a JSON object.
   *
   * @throws IOException if the body is not well-formed JSON
   */
  static ReceivedEvent parse(JsonFactory json, String body) throws IOException {
    ReceivedEvent e = new ReceivedEvent();
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
          case "detail" -> {
            if (value == JsonToken.START_OBJECT) {
              e.detailStart = offset(p.currentTokenLocation().getCharOffset());
              e.readDetail(p);
              e.detailEnd = offset(p.currentLocation().getCharOffset());
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
    }
    return e;
  }

  private void readDetail(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals(EventEnvelope.METADATA) && value == JsonToken.START_OBJECT) {
        readMetadata(p);
      } else if (name.equals(EventEnvelope.DATA)) {
        dataStart = offset(p.currentTokenLocation().getCharOffset());
        if (value.isStructStart()) {
          p.skipChildren();
        } else {
          p.finishToken();
        }
        dataEnd = offset(p.currentLocation().getCharOffset());
      } else if (name.equals(EventEnvelope.DATA_BASE64) && value == JsonToken.VALUE_STRING) {
        dataBase64 = p.getText();
      } else {
        p.skipChildren();
      }
    }
  }

  private void readMetadata(JsonParser p) throws IOException {
    attributes = new LinkedHashMap<>();
    headers = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals(EventEnvelope.HEADERS) && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String header = p.currentName();
          p.nextToken();
          String v = text(p);
          if (v != null) {
            headers.put(header, v);
          }
        }
      } else if (name.equals(EventEnvelope.KEY)) {
        key = text(p);
      } else {
        String v = text(p);
        if (v != null) {
          attributes.put(name, v);
        }
      }
    }
  }

  /** The message these parts of {@code body} describe, or null when they are not an event. */
  BrokerMessage toMessage(String body) {
    if (attributes != null) {
      byte[] payload;
      if (dataStart >= 0 && dataEnd > dataStart) {
        payload = body.substring(dataStart, dataEnd).getBytes(StandardCharsets.UTF_8);
      } else if (dataBase64 != null) {
        try {
          payload = Base64.getDecoder().decode(dataBase64);
        } catch (IllegalArgumentException e) {
          return null;
        }
      } else {
        payload = new byte[0];
      }
      String k = key != null ? key : attributes.get("partitionkey");
      return BrokerMessage.of(k, attributes, headers, payload);
    }
    if (detailType == null || detailStart < 0 || detailEnd <= detailStart) {
      return null;
    }
    return foreign(body.substring(detailStart, detailEnd));
  }

  /** An event of another producer: the envelope becomes the attributes, detail the payload. */
  private BrokerMessage foreign(String detail) {
    Map<String, String> a = new LinkedHashMap<>();
    if (id != null) {
      a.put("id", id);
    }
    a.put("source", source != null ? source : "");
    a.put("type", detailType);
    a.put("specversion", "1.0");
    a.put("datacontenttype", "application/json");
    if (time != null) {
      try {
        a.put("time", Instant.parse(time).toString());
      } catch (DateTimeParseException e) {
        // an unreadable time is left out rather than failing the event
      }
    }
    return BrokerMessage.of(null, a, Map.of(), detail.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING
        || (t != null && t.isScalarValue() && t != JsonToken.VALUE_NULL)) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static int offset(long charOffset) {
    return (int) charOffset;
  }
}
