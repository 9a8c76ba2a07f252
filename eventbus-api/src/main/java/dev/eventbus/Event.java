package dev.eventbus;

import dev.eventbus.internal.EventFactory;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable envelope around a payload, with CloudEvents 1.0 attribute names.
 *
 * <p>Build one with {@link #of(Object)} or {@link #builder(Object)}. Attributes left unset are
 * filled in when the event is published: {@code id} (a UUID version 7), {@code source} (the bus's
 * source), {@code type} and {@code eventversion} (from the type registry), {@code time} (the bus's
 * clock), {@code datacontenttype} (the codec's), and {@code correlationid}/{@code causationid}
 * (from the event being handled, when published from inside a handler). Every event a handler
 * receives has {@code id}, {@code source}, {@code type}, {@code specversion}, {@code time}, {@code
 * datacontenttype} and {@code eventversion}; an attribute that is not set reads as null.
 *
 * <pre>{@code
 * Event<OrderPlaced> event = Event.builder(new OrderPlaced("o-1", 42))
 *     .partitionKey("customer-7")   // events with the same key are consumed in order
 *     .subject("o-1")
 *     .header("tenant", "acme")
 *     .build();
 * bus.publish("orders", event).join();
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads. {@link #toString()} never prints
 * the payload, which may hold personal data.
 *
 * @param <T> the payload type
 */
public final class Event<T> {
  /** The CloudEvents specification version this library writes. */
  public static final String SPEC_VERSION = "1.0";

  private final String id;
  private final String source;
  private final String type;
  private final String specVersion;
  // The time as seconds and nanoseconds rather than an Instant: the core makes events from the
  // clock's reading without keeping an Instant object per event. NO_TIME: not set.
  private static final int NO_TIME = -1;
  private final long timeSeconds;
  private final int timeNanos;
  private final String dataContentType;
  private final Integer eventVersion;
  // The attributes most events do without, in one object that is null when all are absent: an
  // event of the common kind is then six references smaller.
  private final EventExtras extras;
  private final T payload;

  static {
    EventFactory.install(Event::new);
  }

  private Event(
      T payload,
      String id,
      String source,
      String type,
      String specVersion,
      Instant time,
      String subject,
      String dataContentType,
      Integer eventVersion,
      String correlationId,
      String causationId,
      String partitionKey,
      String traceparent,
      String tracestate,
      Map<String, String> headers) {
    this.payload = payload;
    this.id = id;
    this.source = source;
    this.type = type;
    this.specVersion = specVersion;
    this.timeSeconds = time == null ? 0 : time.getEpochSecond();
    this.timeNanos = time == null ? NO_TIME : time.getNano();
    this.dataContentType = dataContentType;
    this.eventVersion = eventVersion;
    this.extras =
        EventExtras.of(
            subject, correlationId, causationId, partitionKey, traceparent, tracestate, headers);
  }

  /** {@return an event around a payload (not null), every other attribute filled in at publish} */
  public static <T> Event<T> of(T payload) {
    return builder(payload).build();
  }

  /**
   * A builder for an event around a payload.
   *
   * @param payload the payload, not null
   * @param <T> the payload type
   * @return a new builder
   */
  public static <T> Builder<T> builder(T payload) {
    return new Builder<>(Objects.requireNonNull(payload, "payload"));
  }

  /** {@return a new builder holding this event's attributes, to derive a changed copy} */
  public Builder<T> toBuilder() {
    Builder<T> b = new Builder<>(payload);
    b.id = id;
    b.source = source;
    b.type = type;
    b.specVersion = specVersion;
    b.time = time();
    b.subject = subject();
    b.dataContentType = dataContentType;
    b.eventVersion = eventVersion;
    b.correlationId = correlationId();
    b.causationId = causationId();
    b.partitionKey = partitionKey();
    b.traceparent = traceparent();
    b.tracestate = tracestate();
    if (!headers().isEmpty()) {
      b.headers = new LinkedHashMap<>(headers());
    }
    return b;
  }

  /** {@return CloudEvents {@code id}, unique per event} Duplicates are recognised by it. */
  public String id() {
    return id;
  }

  /** {@return CloudEvents {@code source}, a URI-reference naming the producer} */
  public String source() {
    return source;
  }

  /** {@return CloudEvents {@code type}, the payload type's name in the type registry} */
  public String type() {
    return type;
  }

  /**
   * {@return CloudEvents {@code specversion}, {@value #SPEC_VERSION} where this library wrote it}
   */
  public String specVersion() {
    return specVersion;
  }

  /**
   * {@return CloudEvents {@code time}, when it happened} Equal, not always the same, on each call.
   */
  public Instant time() {
    return timeNanos == NO_TIME ? null : Instant.ofEpochSecond(timeSeconds, timeNanos);
  }

  /** {@return CloudEvents {@code subject}, what the event is about (an order id)} */
  public String subject() {
    return extras == null ? null : extras.subject();
  }

  /** {@return CloudEvents {@code datacontenttype}, the media type of the encoded payload} */
  public String dataContentType() {
    return dataContentType;
  }

  /** {@return extension {@code eventversion}, the schema version of the payload type} */
  public Integer eventVersion() {
    return eventVersion;
  }

  /** {@return extension {@code correlationid}, shared by all events of one business flow} */
  public String correlationId() {
    return extras == null ? null : extras.correlationId();
  }

  /** {@return extension {@code causationid}, the id of the event whose handler published this} */
  public String causationId() {
    return extras == null ? null : extras.causationId();
  }

  /**
   * {@return extension {@code partitionkey}, the ordering key} Events with the same key reach a
   * group in publish order on brokers that declare {@code ORDERED_BY_KEY}.
   */
  public String partitionKey() {
    return extras == null ? null : extras.partitionKey();
  }

  /** {@return extension {@code traceparent}, the W3C trace context of the publisher} */
  public String traceparent() {
    return extras == null ? null : extras.traceparent();
  }

  /** {@return extension {@code tracestate}, the W3C trace state beside {@link #traceparent()}} */
  public String tracestate() {
    return extras == null ? null : extras.tracestate();
  }

  /** {@return the free-form headers beside the attributes: unmodifiable, never null} */
  public Map<String, String> headers() {
    return extras == null ? Map.of() : extras.headers();
  }

  /** {@return the payload, never null} */
  public T payload() {
    return payload;
  }

  @Override
  public String toString() {
    return String.format(
        "Event{id=%s, type=%s, eventversion=%s, source=%s, partitionkey=%s, correlationid=%s}",
        id, type, eventVersion, source, partitionKey(), correlationId());
  }

  /**
   * Builds an {@link Event}. Not thread-safe; each call to {@link #build()} returns a new immutable
   * event.
   *
   * @param <T> the payload type
   */
  public static final class Builder<T> {
    private final T payload;
    private String id;
    private String source;
    private String type;
    private String specVersion = SPEC_VERSION;
    private Instant time;
    private String subject;
    private String dataContentType;
    private Integer eventVersion;
    private String correlationId;
    private String causationId;
    private String partitionKey;
    private String traceparent;
    private String tracestate;
    private Map<String, String> headers; // allocated on the first header: most events have none

    private Builder(T payload) {
      this.payload = payload;
    }

    /**
     * Sets {@code id}; by default a UUID version 7 (RFC 9562, time-ordered) is assigned at publish.
     *
     * @param id a non-blank id
     * @return this builder
     */
    public Builder<T> id(String id) {
      this.id = id;
      return this;
    }

    /** {@return this builder, with a new random id assigned now} */
    public Builder<T> randomId() {
      this.id = UUID.randomUUID().toString();
      return this;
    }

    /** {@return this builder, with {@code source} set to a URI-reference} */
    public Builder<T> source(String source) {
      this.source = source;
      return this;
    }

    /**
     * Sets {@code type}, overriding the registry's name for the payload class.
     *
     * @param type the logical type name
     * @return this builder
     */
    public Builder<T> type(String type) {
      this.type = type;
      return this;
    }

    /** {@return this builder, with {@code specversion} set: for decoders reproducing an event} */
    public Builder<T> specVersion(String specVersion) {
      this.specVersion = specVersion;
      return this;
    }

    /** {@return this builder, with {@code time} set to when it happened} */
    public Builder<T> time(Instant time) {
      this.time = time;
      return this;
    }

    /** {@return this builder, with {@code subject} set to what the event is about} */
    public Builder<T> subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** {@return this builder, with {@code datacontenttype} set to a media type} */
    public Builder<T> dataContentType(String dataContentType) {
      this.dataContentType = dataContentType;
      return this;
    }

    /**
     * Sets {@code eventversion}, overriding the registry's current version of the payload type.
     *
     * @param eventVersion the schema version, at least 1
     * @return this builder
     */
    public Builder<T> eventVersion(Integer eventVersion) {
      this.eventVersion = eventVersion;
      return this;
    }

    /** {@return this builder, with {@code correlationid} set} */
    public Builder<T> correlationId(String correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    /** {@return this builder, with {@code causationid} set to the causing event's id} */
    public Builder<T> causationId(String causationId) {
      this.causationId = causationId;
      return this;
    }

    /**
     * Sets {@code partitionkey}, the ordering key.
     *
     * @param partitionKey the key, or null for none
     * @return this builder
     */
    public Builder<T> partitionKey(String partitionKey) {
      this.partitionKey = partitionKey;
      return this;
    }

    /** {@return this builder, with {@code traceparent} set to a W3C traceparent value} */
    public Builder<T> traceparent(String traceparent) {
      this.traceparent = traceparent;
      return this;
    }

    /** {@return this builder, with {@code tracestate} set to a W3C tracestate value} */
    public Builder<T> tracestate(String tracestate) {
      this.tracestate = tracestate;
      return this;
    }

    /**
     * Adds a free-form header.
     *
     * @param name the header name
     * @param value the value
     * @return this builder
     */
    public Builder<T> header(String name, String value) {
      if (headers == null) {
        headers = new LinkedHashMap<>();
      }
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds free-form headers.
     *
     * @param headers the headers to add
     * @return this builder
     */
    public Builder<T> headers(Map<String, String> headers) {
      headers.forEach(this::header);
      return this;
    }

    /** {@return a new immutable event} */
    public Event<T> build() {
      Map<String, String> h =
          headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      return new Event<>(
          payload,
          id,
          source,
          type,
          specVersion,
          time,
          subject,
          dataContentType,
          eventVersion,
          correlationId,
          causationId,
          partitionKey,
          traceparent,
          tracestate,
          h);
    }
  }
}
