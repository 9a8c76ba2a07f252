package dev.eventbus.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.CloudEventAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The CloudEvents JSON event format, as the value of a record in structured content mode: one JSON
 * object with every attribute as a member and the payload as {@code data} (JSON payloads, embedded
 * as they are) or {@code data_base64} (any other content type). The record says so with the header
 * {@code content-type: application/cloudevents+json; charset=UTF-8}.
 *
 * <p>Writing is done by hand into one array of the exact size. Reading takes the attributes as
 * Strings and the payload as the bytes of its JSON text, cut from the record value, so the codec
 * decodes the payload as it does in binary mode. Stateless and thread-safe.
 */
final class StructuredEvents {
  /** The media type of the format, without parameters. */
  static final String MEDIA_TYPE = "application/cloudevents+json";

  /** The {@code content-type} header value this adapter writes. */
  static final byte[] CONTENT_TYPE =
      (MEDIA_TYPE + "; charset=UTF-8").getBytes(StandardCharsets.UTF_8);

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final byte[] DATA = "\"data\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_BASE64 = "\"data_base64\":".getBytes(StandardCharsets.US_ASCII);

  private StructuredEvents() {}

  /** Whether a {@code content-type} header value names this format. */
  static boolean isStructured(byte[] contentType) {
    if (contentType == null || contentType.length < MEDIA_TYPE.length()) {
      return false;
    }
    for (int i = 0; i < MEDIA_TYPE.length(); i++) {
      int c = contentType[i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != MEDIA_TYPE.charAt(i)) {
        return false;
      }
    }
    return contentType.length == MEDIA_TYPE.length()
        || contentType[MEDIA_TYPE.length()] == ';'
        || contentType[MEDIA_TYPE.length()] == ' ';
  }

  /**
   * The event as one JSON object.
   *
   * @param attributes the CloudEvents attributes, names without prefix
   * @param data the payload, encoded as {@code datacontenttype} says
   * @return the record value
   */
  static byte[] write(Map<String, String> attributes, byte[] data) {
    boolean embedded =
        data.length > 0 && CloudEventAttributes.isJson(attributes.get("datacontenttype"));
    String base64 = embedded || data.length == 0 ? null : Base64.getEncoder().encodeToString(data);
    Members members = new Members(attributes.size());
    attributes.forEach(members);
    int size = 2 + members.bytes + Math.max(0, members.count - 1); // braces, members, commas
    if (embedded) {
      size += (members.count > 0 ? 1 : 0) + DATA.length + data.length;
    } else if (base64 != null) {
      size += (members.count > 0 ? 1 : 0) + DATA_BASE64.length + base64.length() + 2;
    }
    byte[] out = new byte[size];
    int pos = 0;
    out[pos++] = '{';
    for (int m = 0; m < members.count; m++) {
      if (m > 0) {
        out[pos++] = ',';
      }
      byte[] member = members.encoded[m];
      System.arraycopy(member, 0, out, pos, member.length);
      pos += member.length;
    }
    if (embedded || base64 != null) {
      if (members.count > 0) {
        out[pos++] = ',';
      }
      byte[] name = embedded ? DATA : DATA_BASE64;
      System.arraycopy(name, 0, out, pos, name.length);
      pos += name.length;
      if (embedded) {
        System.arraycopy(data, 0, out, pos, data.length);
        pos += data.length;
      } else {
        out[pos++] = '"';
        for (int i = 0; i < base64.length(); i++) {
          out[pos++] = (byte) base64.charAt(i);
        }
        out[pos++] = '"';
      }
    }
    out[pos] = '}';
    return out;
  }

  /**
   * One attribute as the member {@code "name":"value"} in UTF-8, JSON-escaped.
   *
   * @param name the attribute name
   * @param value its value
   * @return the bytes
   */
  static byte[] member(String name, String value) {
    byte[] out = new byte[length(name) + length(value) + 5];
    int pos = string(name, out, 0);
    out[pos++] = ':';
    string(value, out, pos);
    return out;
  }

  /** The attributes' members, encoded (the repeating ones of the design taken from a cache). */
  private static final class Members implements java.util.function.BiConsumer<String, String> {
    final byte[][] encoded;
    int count;
    int bytes;

    Members(int capacity) {
      this.encoded = new byte[capacity][];
    }

    @Override
    public void accept(String name, String value) {
      if (value == null) {
        return;
      }
      RecordMapping.WellKnown known = RecordMapping.wellKnownByName(name);
      byte[] member = known != null ? known.member(value) : member(name, value);
      encoded[count++] = member;
      bytes += member.length;
    }
  }

  /**
   * Reads a document of the common shape by hand: members whose values are strings without escapes,
   * and a {@code data} object or array (see {@link StructuredScanner}).
   *
   * @param value the record value
   * @param message the message being built
   * @return false if the document has another shape; the message may then hold some of its
   *     attributes, and the caller reads the document into a new builder with {@link #read}
   */
  static boolean scan(byte[] value, BrokerMessage.Builder message) {
    return new StructuredScanner(value).read(message);
  }

  /**
   * Reads a record value in this format into a message, with a JSON parser: its attributes, and the
   * payload as the body.
   *
   * @param value the record value
   * @param message the message being built
   * @throws IOException if the value is not a JSON object of this format; the caller then keeps the
   *     value as the body with no attributes, for the core to dead-letter
   */
  static void read(byte[] value, BrokerMessage.Builder message) throws IOException {
    String contentType = null;
    int dataStart = -1;
    int dataEnd = -1;
    String dataString = null;
    byte[] dataBytes = null;
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("data")) {
          if (v == JsonToken.VALUE_STRING) {
            dataString = p.getText();
          } else if (v != JsonToken.VALUE_NULL) {
            dataStart = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            p.finishToken();
            dataEnd = (int) p.currentLocation().getByteOffset();
          }
        } else if (name.equals("data_base64")) {
          if (v == JsonToken.VALUE_STRING) {
            dataBytes = Base64.getDecoder().decode(p.getText());
          } else if (v != JsonToken.VALUE_NULL) {
            throw new IOException("data_base64 is not a string");
          }
        } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren(); // not an attribute value: CloudEvents attributes are scalars
        } else if (v != JsonToken.VALUE_NULL) {
          String text = p.getText();
          message.attribute(name, text);
          if (name.equals("datacontenttype")) {
            contentType = text;
          }
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new IOException("truncated JSON object");
      }
      if (p.nextToken() != null) {
        throw new IOException("content after the JSON object");
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("data_base64 is not base64: " + e.getMessage(), e);
    }
    if (dataStart >= 0) {
      message.body(Arrays.copyOfRange(value, dataStart, dataEnd));
    } else if (dataString != null) {
      // A JSON string payload is the JSON text of the string; any other type's is the string.
      message.body(
          CloudEventAttributes.isJson(contentType)
              ? quoted(dataString)
              : dataString.getBytes(StandardCharsets.UTF_8));
    } else if (dataBytes != null) {
      message.body(dataBytes);
    } else {
      message.body(new byte[0]);
    }
  }

  private static byte[] quoted(String s) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[inner.length + 2];
    out[0] = '"';
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = '"';
    return out;
  }

  /** Writes {@code s} as a JSON string at {@code pos}; returns the position after it. */
  private static int string(String s, byte[] out, int pos) {
    out[pos++] = '"';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        out[pos++] = (byte) c;
      } else if (c < 0x80) {
        pos = escape(c, out, pos);
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xC0 | (c >> 6));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[pos++] = (byte) (0xF0 | (cp >> 18));
        out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out[pos++] = '?'; // a lone surrogate, as String.getBytes(UTF_8) writes it
      } else {
        out[pos++] = (byte) (0xE0 | (c >> 12));
        out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out[pos++] = '"';
    return pos;
  }

  private static int escape(char c, byte[] out, int pos) {
    out[pos++] = '\\';
    switch (c) {
      case '"' -> out[pos++] = '"';
      case '\\' -> out[pos++] = '\\';
      case '\n' -> out[pos++] = 'n';
      case '\r' -> out[pos++] = 'r';
      case '\t' -> out[pos++] = 't';
      default -> {
        out[pos++] = 'u';
        out[pos++] = '0';
        out[pos++] = '0';
        out[pos++] = (byte) HEX[c >> 4];
        out[pos++] = (byte) HEX[c & 0xF];
      }
    }
    return pos;
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The length of a string as {@link #string} writes it, without its quotes. */
  private static int length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        n++;
      } else if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        n += 2;
      } else if (c < 0x20) {
        n += 6;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
