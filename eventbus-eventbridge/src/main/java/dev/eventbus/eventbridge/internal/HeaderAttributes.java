package dev.eventbus.eventbridge.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Headers as SQS message attributes, for what is written straight to a queue (dead letters, retries
 * re-sent with a delay). Each header is one {@code String} attribute when SQS allows it (at most 10
 * attributes, non-empty values, names of {@code [A-Za-z0-9_.-]}); otherwise all headers travel as
 * one JSON object in the attribute {@value #ALL}. Characters SQS refuses in values become U+FFFD.
 * Thread-safe.
 */
final class HeaderAttributes {
  /** The attribute holding every header as JSON when they do not fit one attribute each. */
  static final String ALL = "eventbus-headers";

  private static final int MAX_ATTRIBUTES = 10;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]([A-Za-z0-9_\\-.]{0,254})");
  private static final JsonFactory JSON = new JsonFactory();

  private HeaderAttributes() {}

  /** Headers as attributes. */
  static Map<String, MessageAttributeValue> write(Map<String, String> headers) {
    Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
    if (fitsOneEach(headers)) {
      headers.forEach((k, v) -> out.put(k, string(v)));
    } else if (!headers.isEmpty()) {
      out.put(ALL, string(toJson(headers)));
    }
    return out;
  }

  /**
   * A received message's attributes back as headers; attributes that are not strings are ignored.
   */
  static Map<String, String> read(Map<String, MessageAttributeValue> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    attributes.forEach(
        (name, value) -> {
          if (value.stringValue() == null) {
            return;
          }
          if (name.equals(ALL)) {
            headers.putAll(fromJson(value.stringValue()));
          } else {
            headers.put(name, value.stringValue());
          }
        });
    return headers;
  }

  private static boolean fitsOneEach(Map<String, String> headers) {
    if (headers.size() > MAX_ATTRIBUTES) {
      return false;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String name = h.getKey();
      if (h.getValue() == null
          || h.getValue().isEmpty()
          || !NAME.matcher(name).matches()
          || name.contains("..")
          || name.endsWith(".")
          || name.equals(ALL)
          || name.regionMatches(true, 0, "aws.", 0, 4)
          || name.regionMatches(true, 0, "amazon.", 0, 7)) {
        return false;
      }
    }
    return true;
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(clean(value)).build();
  }

  /** Replaces characters outside what SQS accepts (#x9 #xA #xD #x20-#xD7FF #xE000-#x10FFFF). */
  private static String clean(String value) {
    if (value.codePoints().allMatch(HeaderAttributes::allowed)) {
      return value;
    }
    StringBuilder sb = new StringBuilder(value.length());
    value.codePoints().forEach(c -> sb.appendCodePoint(allowed(c) ? c : 0xFFFD));
    return sb.toString();
  }

  private static boolean allowed(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || c >= 0x10000;
  }

  private static String toJson(Map<String, String> headers) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, String> h : headers.entrySet()) {
        g.writeStringField(h.getKey(), h.getValue() == null ? "" : h.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Map<String, String> fromJson(String text) {
    Map<String, String> headers = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return headers;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (p.currentToken() == JsonToken.VALUE_STRING) {
          headers.put(name, p.getText());
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      return headers;
    }
    return headers;
  }
}
