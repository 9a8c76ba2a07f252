package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.CloudEventAttributes;
import dev.eventbus.spi.StructuredCloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps a {@link BrokerMessage} to AMQP 0-9-1 properties and back, following the CloudEvents AMQP
 * binding in binary mode: every attribute becomes the header {@code cloudEvents:<name>}, except
 * {@code datacontenttype}, which is the {@code content-type} property. Other headers travel as they
 * are. Messages are persistent. A message whose {@code content-type} is {@value
 * StructuredCloudEvents#MEDIA_TYPE} (structured mode, as other CloudEvents producers may publish)
 * is read from its body in the CloudEvents JSON format.
 *
 * <p>The partition key is the routing key of a topic publish and is also carried in the message: as
 * the {@code cloudEvents:partitionkey} attribute when it equals the key, otherwise in the internal
 * header {@value #KEY_HEADER}. Headers the broker adds ({@code x-death}, {@code x-delivery-count},
 * ...) and this adapter's internal headers are not shown to the core.
 */
public final class AmqpMessages {
  /** Header prefix of the CloudEvents AMQP binding. */
  public static final String CE_PREFIX = "cloudEvents:";

  /** Internal header carrying a partition key that no attribute carries. */
  public static final String KEY_HEADER = "x-eventbus-key";

  /** Internal header correlating a returned (unroutable) message with its publish. */
  static final String PUBLISH_ID_HEADER = "x-eventbus-publish-id";

  private static final String CONTENT_TYPE = "datacontenttype";
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

  /** The persistent AMQP properties of a message, its attributes as CloudEvents headers. */
  public static AMQP.BasicProperties properties(BrokerMessage message) {
    Map<String, Object> headers =
        new HashMap<>(2 * (message.attributes().size() + message.headers().size() + 1));
    String contentType = null;
    for (Map.Entry<String, String> e : message.attributes().entrySet()) {
      if (e.getKey().equals(CONTENT_TYPE)) {
        contentType = e.getValue();
      } else if (e.getValue() != null) {
        headers.put(headerName(e.getKey()), e.getValue());
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

  /** The same properties with one more header. */
  static AMQP.BasicProperties withHeader(AMQP.BasicProperties props, String name, Object value) {
    Map<String, Object> headers =
        props.getHeaders() == null ? new HashMap<>() : new HashMap<>(props.getHeaders());
    headers.put(name, value);
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
   *
   * @param props the AMQP properties
   * @param body the body
   * @return the message
   */
  public static BrokerMessage fromAmqp(AMQP.BasicProperties props, byte[] body) {
    byte[] bytes = body == null ? new byte[0] : body;
    Map<String, Object> amqpHeaders = props.getHeaders() == null ? Map.of() : props.getHeaders();
    if (StructuredCloudEvents.isStructured(props.getContentType())) {
      Map<String, String> plain = new HashMap<>();
      amqpHeaders.forEach(
          (name, value) -> {
            if (!name.startsWith(CE_PREFIX) && !isBrokerHeader(name)) {
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
      if (name.startsWith(CE_PREFIX)) {
        String value = text(e.getValue());
        if (value != null) {
          String attribute = name.substring(CE_PREFIX.length());
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
      message.attribute(CONTENT_TYPE, props.getContentType());
    }
    return message.key(key == null ? partitionKey : key).build();
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
