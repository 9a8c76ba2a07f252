package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import dev.eventbus.rabbitmq.ContentMode;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.CloudEventAttributes;
import dev.eventbus.spi.StructuredCloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps a {@link BrokerMessage} to AMQP 0-9-1 properties and a body and back, after the CloudEvents
 * AMQP binding as {@code docs/rabbitmq.md} states it, in binary and structured mode; messages are
 * persistent. Reading takes either mode and either prefix whatever this adapter writes.
 *
 * <p>The partition key is the routing key of a topic publish and also travels in the message: as
 * the {@code partitionkey} attribute when it equals the key, otherwise in {@value #KEY_HEADER}.
 * Headers the broker adds ({@code x-death}, ...) and this adapter's own are not shown to the core.
 */
public final class AmqpMessages {
  /** Header prefix of the CloudEvents AMQP binding, the one this adapter writes. */
  public static final String CE_PREFIX = "cloudEvents:";

  /** The binding's other prefix (JMS can select on it), read as {@link #CE_PREFIX} is. */
  public static final String CE_PREFIX_UNDERSCORE = "cloudEvents_";

  /** Internal header carrying a partition key that no attribute carries. */
  public static final String KEY_HEADER = "x-eventbus-key";

  /** Internal header correlating a returned (unroutable) message with its publish. */
  static final String PUBLISH_ID_HEADER = "x-eventbus-publish-id";

  private static final String PARTITION_KEY = CloudEventAttributes.PARTITIONKEY;
  private static final int PERSISTENT = 2;
  private static final List<String> BROKER_HEADER_PREFIXES =
      List.of(
          "x-eventbus-",
          "x-death",
          "x-first-death-",
          "x-last-death-",
          "x-delivery-count",
          "x-received-from");

  // Header names of the usual attributes, so that mapping a message does not concatenate them.
  private static final Map<String, String> HEADER_NAMES =
      CloudEventAttributes.ALL.stream()
          .collect(Collectors.toUnmodifiableMap(n -> n, n -> CE_PREFIX + n));

  private AmqpMessages() {}

  private static String headerName(String attribute) {
    String name = HEADER_NAMES.get(attribute);
    return name != null ? name : CE_PREFIX + attribute;
  }

  /**
   * The persistent AMQP properties of a message: in binary mode its attributes as CloudEvents
   * headers, in structured mode only the content type of the format.
   */
  public static AMQP.BasicProperties properties(BrokerMessage message, ContentMode mode) {
    boolean structured = mode == ContentMode.STRUCTURED;
    int attributes = structured ? 0 : message.attributes().size();
    Map<String, Object> headers = new HashMap<>(2 * (attributes + message.headers().size() + 1));
    String contentType = structured ? StructuredCloudEvents.CONTENT_TYPE : null;
    if (!structured) {
      for (Map.Entry<String, String> e : message.attributes().entrySet()) {
        if (e.getKey().equals(CloudEventAttributes.DATACONTENTTYPE)) {
          contentType = e.getValue();
        } else if (e.getValue() != null) {
          headers.put(headerName(e.getKey()), e.getValue());
        }
      }
    }
    for (Map.Entry<String, String> e : message.headers().entrySet()) {
      if (e.getValue() != null) {
        headers.put(e.getKey(), e.getValue());
      }
    }
    String key = message.key();
    if (key != null && !key.equals(message.attributes().get(PARTITION_KEY))) {
      headers.put(KEY_HEADER, key);
    }
    return new AMQP.BasicProperties.Builder()
        .deliveryMode(PERSISTENT)
        .contentType(contentType)
        .headers(headers)
        .build();
  }

  /** The body of a message: its payload in binary mode, the CloudEvents JSON document else. */
  public static byte[] body(BrokerMessage message, ContentMode mode) {
    return mode == ContentMode.STRUCTURED
        ? StructuredCloudEvents.write(message.attributes(), message.body())
        : message.body();
  }

  /** The same properties with more headers. */
  static AMQP.BasicProperties withHeaders(AMQP.BasicProperties props, Map<String, ?> extra) {
    Map<String, Object> headers =
        props.getHeaders() == null ? new HashMap<>() : new HashMap<>(props.getHeaders());
    headers.putAll(extra);
    return props.builder().headers(headers).build();
  }

  /** The partition key, or empty if none or longer than AMQP's 255 bytes (it travels anyway). */
  static String routingKey(BrokerMessage message) {
    String key = message.key();
    return key == null || key.getBytes(StandardCharsets.UTF_8).length > 255 ? "" : key;
  }

  /**
   * Reads a received message, in binary or structured mode. Foreign messages (published without
   * CloudEvents headers, or with a body that is not the format its content type names) come back
   * with no attributes, so that the core dead-letters them with a reason.
   */
  public static BrokerMessage fromAmqp(AMQP.BasicProperties props, byte[] body) {
    byte[] bytes = body == null ? new byte[0] : body;
    Map<String, Object> amqpHeaders = props.getHeaders() == null ? Map.of() : props.getHeaders();
    if (StructuredCloudEvents.isStructured(props.getContentType())) {
      Map<String, String> plain = new HashMap<>();
      amqpHeaders.forEach(
          (name, value) -> {
            if (attributeName(name) == null && !isBrokerHeader(name)) {
              plain.put(name, text(value));
            }
          });
      String key = text(amqpHeaders.get(KEY_HEADER));
      return StructuredCloudEvents.read(
          bytes, () -> BrokerMessage.builder(bytes).key(key).headers(plain));
    }
    BrokerMessage.Builder message = BrokerMessage.builder(bytes);
    String key = null;
    String partitionKey = null;
    boolean cloudEvent = false;
    for (Map.Entry<String, Object> e : amqpHeaders.entrySet()) {
      String name = e.getKey();
      String attribute = attributeName(name);
      if (attribute != null) {
        String value = attributeValue(e.getValue());
        // One message should use one prefix; where it uses both for a name, cloudEvents: wins.
        if (value != null
            && (name.startsWith(CE_PREFIX) || !amqpHeaders.containsKey(CE_PREFIX + attribute))) {
          message.attribute(attribute, value);
          cloudEvent = true;
          if (attribute.equals(PARTITION_KEY)) {
            partitionKey = value;
          }
        }
      } else if (name.equals(KEY_HEADER)) {
        key = text(e.getValue());
      } else if (!isBrokerHeader(name)) {
        message.header(name, text(e.getValue())); // broker headers are never decoded
      }
    }
    if (props.getContentType() != null && cloudEvent) {
      message.attribute(CloudEventAttributes.DATACONTENTTYPE, props.getContentType());
    }
    return message.key(key == null ? partitionKey : key).build();
  }

  /** The attribute a header carries under either prefix of the binding, or null. */
  private static String attributeName(String header) {
    if (header.length() > CE_PREFIX.length()
        && (header.startsWith(CE_PREFIX) || header.startsWith(CE_PREFIX_UNDERSCORE))) {
      return header.substring(CE_PREFIX.length());
    }
    return null;
  }

  /**
   * An attribute's canonical string from a header value of a native AMQP type: a timestamp in RFC
   * 3339, binary in base64, numbers and booleans as written.
   */
  private static String attributeValue(Object value) {
    return value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : text(value);
  }

  private static boolean isBrokerHeader(String name) {
    for (String prefix : BROKER_HEADER_PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Header values as text; tables and arrays (which the core never writes) are left out. */
  private static String text(Object value) {
    if (value instanceof LongString
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof Date date) {
      return date.toInstant().toString();
    }
    return null;
  }
}
