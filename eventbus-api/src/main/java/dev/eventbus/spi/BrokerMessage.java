package dev.eventbus.spi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An encoded event as a broker moves it: an optional partition key, the CloudEvents attributes,
 * free-form headers and the encoded payload.
 *
 * <p>{@link #attributes()} holds CloudEvents context attributes and extensions under their plain
 * lowercase names ({@code id}, {@code type}, {@code partitionkey}, ...). An adapter maps them to
 * its protocol binding (Kafka headers {@code ce_id}, AMQP headers {@code cloudEvents:id}, ...) and
 * back. {@link #headers()} holds everything else, including the {@code eventbus-*} headers that the
 * core uses for retries and dead letters; adapters carry them unchanged.
 *
 * <p>Immutable and thread-safe. The body array is not copied: neither the core nor adapters modify
 * it after construction.
 */
public final class BrokerMessage {
  private final String key;
  private final Map<String, String> attributes;
  private final Map<String, String> headers;
  private final byte[] body;
  private long size = -1; // computed once; a racy recomputation gives the same value

  private BrokerMessage(
      String key, Map<String, String> attributes, Map<String, String> headers, byte[] body) {
    this.key = key;
    this.attributes = attributes;
    this.headers = headers;
    this.body = body;
  }

  /**
   * Creates a message. The maps are copied.
   *
   * @param key the partition key, or null
   * @param attributes CloudEvents attributes by plain name
   * @param headers other headers
   * @param body the encoded payload
   * @return the message
   */
  public static BrokerMessage of(
      String key, Map<String, String> attributes, Map<String, String> headers, byte[] body) {
    return new BrokerMessage(
        key,
        Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
        Collections.unmodifiableMap(new LinkedHashMap<>(headers)),
        Objects.requireNonNull(body, "body"));
  }

  /**
   * The partition (ordering) key.
   *
   * @return the key, or null
   */
  public String key() {
    return key;
  }

  /**
   * The event id, the same as {@code attributes().get("id")}.
   *
   * @return the id, or null for a foreign message without one
   */
  public String id() {
    return attributes.get("id");
  }

  /**
   * CloudEvents attributes by plain lowercase name.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * Non-CloudEvents headers.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The encoded payload. Do not modify.
   *
   * @return the bytes
   */
  public byte[] body() {
    return body;
  }

  /**
   * A copy with headers added or replaced.
   *
   * @param extra headers to put
   * @return a new message
   */
  public BrokerMessage withHeaders(Map<String, String> extra) {
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(extra);
    return new BrokerMessage(key, attributes, Collections.unmodifiableMap(merged), body);
  }

  /**
   * A copy with every header whose name starts with a prefix removed.
   *
   * @param prefix the prefix, for example {@code "eventbus-"}
   * @return a new message
   */
  public BrokerMessage withoutHeaders(String prefix) {
    Map<String, String> kept = new LinkedHashMap<>(headers);
    kept.keySet().removeIf(name -> name.startsWith(prefix));
    return new BrokerMessage(key, attributes, Collections.unmodifiableMap(kept), body);
  }

  /**
   * The size this message occupies on the wire, approximately: the body plus the UTF-8 length of
   * every attribute and header name and value, plus the key. Adapters with an exact formula of
   * their own (EventBridge) use theirs.
   *
   * @return bytes
   */
  public long approximateSize() {
    if (size < 0) {
      size = computeSize();
    }
    return size;
  }

  private long computeSize() {
    long size = body.length + utf8(key);
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      size += utf8(e.getKey()) + utf8(e.getValue());
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      size += utf8(e.getKey()) + utf8(e.getValue());
    }
    return size;
  }

  private static long utf8(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public String toString() {
    return "BrokerMessage{id="
        + id()
        + ", type="
        + attributes.get("type")
        + ", key="
        + key
        + ", bytes="
        + body.length
        + "}";
  }
}
