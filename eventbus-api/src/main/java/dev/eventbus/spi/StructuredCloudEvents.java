package dev.eventbus.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The CloudEvents JSON event format, for structured content mode on any broker: one JSON object
 * with every attribute as a member and the payload as {@code data} (JSON payloads, embedded as they
 * are) or {@code data_base64} (any other content type). A message in this format says so with the
 * content type {@value #CONTENT_TYPE} (a header or property of the broker's binding).
 *
 * <p>Writing is done by hand into one array of the exact size. Reading takes the attributes as
 * Strings and the payload as the bytes of its JSON text, cut from the document, so the codec
 * decodes the payload as it does in binary mode. Documents of the common shape (string attributes
 * without escapes and an object or array payload) are read without a JSON parser. Stateless and
 * thread-safe.
 */
public final class StructuredCloudEvents {
  /** The media type of the format, without parameters. */
  public static final String MEDIA_TYPE = "application/cloudevents+json";

  /** The content type a message in this format carries. */
  public static final String CONTENT_TYPE = MEDIA_TYPE + "; charset=UTF-8";

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final byte[] DATA = "\"data\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_BASE64 = "\"data_base64\":".getBytes(StandardCharsets.US_ASCII);

  private StructuredCloudEvents() {}

  /**
   * Whether a content type names this format, parameters and case ignored.
   *
   * @param contentType the header or property value, or null
   * @return true for {@value #MEDIA_TYPE}
   */
  public static boolean isStructured(String contentType) {
    return contentType != null
        && contentType.regionMatches(true, 0, MEDIA_TYPE, 0, MEDIA_TYPE.length())
        && (contentType.length() == MEDIA_TYPE.length()
            || contentType.charAt(MEDIA_TYPE.length()) == ';'
            || contentType.charAt(MEDIA_TYPE.length()) == ' ');
  }

  /**
   * Whether a content type in US-ASCII names this format, parameters and case ignored, without
   * decoding it.
   *
   * @param contentType the header value's bytes, or null
   * @return true for {@value #MEDIA_TYPE}
   */
  public static boolean isStructured(byte[] contentType) {
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
   * @return the document, UTF-8
   */
  public static byte[] write(Map<String, String> attributes, byte[] data) {
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
   * Reads a document in this format: its attributes, and its payload as the body; a message whose
   * builder has no key gets the {@code partitionkey} attribute as key (the CloudEvents partitioning
   * extension). Never fails: a document that is not in this format becomes a message of the
   * document as it is, without attributes, for the core to reject (it dead-letters what it cannot
   * decode).
   *
   * @param document the message body
   * @param message a new builder for the message, with the broker's plain headers and the key;
   *     called once, or twice or three times when the document is not of the common shape
   * @return the message
   */
  public static BrokerMessage read(byte[] document, Supplier<BrokerMessage.Builder> message) {
    BrokerMessage.Builder scanned = message.get();
    if (new StructuredScanner(document).read(scanned)) {
      return keyed(scanned.build());
    }
    BrokerMessage.Builder parsed = message.get();
    try {
      parse(document, parsed);
      return keyed(parsed.build());
    } catch (IOException | RuntimeException e) {
      return message.get().body(document).build();
    }
  }

  private static BrokerMessage keyed(BrokerMessage m) {
    String partitionKey = m.attributes().get(CloudEventAttributes.PARTITIONKEY);
    return m.key() != null || partitionKey == null
        ? m
        : BrokerMessage.of(partitionKey, m.attributes(), m.headers(), m.body());
  }

  private static void parse(byte[] value, BrokerMessage.Builder message) throws IOException {
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
              ? JsonText.quoted(dataString)
              : dataString.getBytes(StandardCharsets.UTF_8));
    } else if (dataBytes != null) {
      message.body(dataBytes);
    } else {
      message.body(new byte[0]);
    }
  }

  /** The attributes' members, encoded (the repeating ones of the design taken from a cache). */
  private static final class Members implements BiConsumer<String, String> {
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
      KnownAttribute known = KnownAttribute.named(name);
      byte[] member = known != null ? known.member(value) : JsonText.member(name, value);
      encoded[count++] = member;
      bytes += member.length;
    }
  }
}
