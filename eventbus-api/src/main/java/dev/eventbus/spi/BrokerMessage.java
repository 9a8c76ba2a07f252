package dev.eventbus.spi;

import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

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
 * it after construction. Adapters that read many messages per second build them with {@link
 * #builder(byte[])}, which fills the maps in place instead of copying them.
 */
public final class BrokerMessage {
  private final String key;
  private final Map<String, String> headers;
  private final Event<?> event;
  private final Function<Event<?>, BrokerMessage> encoder;
  private final Map<String, String> attributes; // null by reference: see encoded
  private final byte[] body; // null by reference
  // By reference: the encoding, made when first asked for (a racy second one is equal: the event
  // is immutable).
  private volatile BrokerMessage encoded;
  private long size = -1; // computed once; a racy recomputation gives the same value

  private BrokerMessage(
      String key, Map<String, String> attributes, Map<String, String> headers, byte[] body) {
    this.key = key;
    this.attributes = attributes;
    this.headers = headers;
    this.body = body;
    this.event = null;
    this.encoder = null;
  }

  private BrokerMessage(
      Event<?> event, Map<String, String> headers, Function<Event<?>, BrokerMessage> encoder) {
    this.key = event.partitionKey();
    this.headers = headers;
    this.event = event;
    this.encoder = encoder;
    this.attributes = null;
    this.body = null;
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
   * A message that carries the event object itself, for a broker that declares {@link
   * Capabilities#eventsByReference()}: nothing is encoded on the way, and the consumer's handler
   * receives the very event that was published. {@link #attributes()} and {@link #body()} encode it
   * the first time they are called (a dead letter inspected, a message copied to another broker),
   * with the given encoder; {@link #key()}, {@link #id()} and {@link #headers()} never do.
   *
   * @param event the complete event (id, type and the rest filled in)
   * @param encoder encodes the event when its bytes are asked for, see {@code
   *     EventSerializer#encode}
   * @return the message
   */
  public static BrokerMessage byReference(
      Event<?> event, Function<Event<?>, BrokerMessage> encoder) {
    return new BrokerMessage(
        Objects.requireNonNull(event, "event"),
        event.headers(),
        Objects.requireNonNull(encoder, "encoder"));
  }

  /**
   * The event this message carries by reference, see {@link #byReference}.
   *
   * @return the event, or null for an encoded message (every message a broker outside the process
   *     returns)
   */
  public Event<?> event() {
    return event;
  }

  /**
   * A builder that fills the message's maps directly: no copy is made when it is built. For
   * adapters mapping received messages, and for the core's encoder, where each copy costs on every
   * event.
   *
   * <p>A builder is used by one thread and builds one message; using it after {@link
   * Builder#build()} throws {@link IllegalStateException}.
   *
   * @param body the encoded payload, not copied
   * @return a builder with no key, attributes or headers
   */
  public static Builder builder(byte[] body) {
    return new Builder(Objects.requireNonNull(body, "body"));
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
    return event != null ? event.id() : attributes().get("id");
  }

  /**
   * CloudEvents attributes by plain lowercase name.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> attributes() {
    return attributes != null ? attributes : encoded().attributes;
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
    return body != null ? body : encoded().body;
  }

  private BrokerMessage encoded() {
    BrokerMessage e = encoded;
    if (e == null) {
      try {
        e = encoder.apply(event);
      } catch (RuntimeException failure) {
        throw new EventBusException(
            "Event " + event.id() + " (carried by reference) cannot be encoded: " + failure,
            failure);
      }
      if (e.attributes == null) {
        throw new IllegalStateException("the encoder of " + event.id() + " returned " + e);
      }
      encoded = e;
    }
    return e;
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
    return copyWith(Collections.unmodifiableMap(merged));
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
    return copyWith(Collections.unmodifiableMap(kept));
  }

  private BrokerMessage copyWith(Map<String, String> newHeaders) {
    return event != null
        ? new BrokerMessage(event, newHeaders, encoder)
        : new BrokerMessage(key, attributes, newHeaders, body);
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
      size = MessageSize.bytes(body().length, key, attributes(), headers);
    }
    return size;
  }

  /**
   * Whether {@link #approximateSize()} is at most {@code maxBytes}. Cheaper than the size itself
   * when the answer is clearly yes: no string is counted when even three bytes per character would
   * fit.
   *
   * @param maxBytes the limit
   * @return true if the message is within the limit
   */
  public boolean fitsWithin(long maxBytes) {
    if (size >= 0) {
      return size <= maxBytes;
    }
    long chars = MessageSize.chars(key, attributes(), headers);
    return body().length + 3 * chars <= maxBytes || approximateSize() <= maxBytes;
  }

  @Override
  public String toString() {
    if (event != null) {
      return "BrokerMessage{id="
          + id()
          + ", type="
          + event.type()
          + ", key="
          + key
          + ", by reference}";
    }
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

  /**
   * Builds one {@link BrokerMessage} whose maps are filled in place. Not thread-safe; single use.
   */
  public static final class Builder {
    private byte[] body;
    private String key;
    private AttributeMap attributes = new AttributeMap(12);
    private Map<String, String> headers;

    private Builder(byte[] body) {
      this.body = body;
    }

    /**
     * Replaces the body given to {@link BrokerMessage#builder}: for adapters that learn the payload
     * while reading the attributes (an event format that carries both in one document).
     *
     * @param body the encoded payload, not copied
     * @return this builder
     */
    public Builder body(byte[] body) {
      open();
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /**
     * Sets the partition key.
     *
     * @param key the key, or null
     * @return this builder
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Puts a CloudEvents attribute; a null value is ignored.
     *
     * @param name the plain lowercase name
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String name, String value) {
      if (value != null) {
        open().add(Objects.requireNonNull(name, "name"), value);
      }
      return this;
    }

    /**
     * Puts a header; a null value is ignored.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder header(String name, String value) {
      if (value != null) {
        open();
        if (headers == null) {
          headers = new HashMap<>(8);
        }
        headers.put(Objects.requireNonNull(name, "name"), value);
      }
      return this;
    }

    /**
     * Puts every entry of a map as headers.
     *
     * @param all headers to put
     * @return this builder
     */
    public Builder headers(Map<String, String> all) {
      all.forEach(this::header);
      return this;
    }

    /**
     * Builds the message; the builder cannot be used afterwards.
     *
     * @return the message
     */
    public BrokerMessage build() {
      AttributeMap a = open();
      attributes = null;
      return new BrokerMessage(
          key, a, headers == null ? Map.of() : Collections.unmodifiableMap(headers), body);
    }

    private AttributeMap open() {
      if (attributes == null) {
        throw new IllegalStateException("this builder has built its message already");
      }
      return attributes;
    }
  }
}
