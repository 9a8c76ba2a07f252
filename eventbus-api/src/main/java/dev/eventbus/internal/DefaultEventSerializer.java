package dev.eventbus.internal;

import static dev.eventbus.spi.CloudEventAttributes.CAUSATIONID;
import static dev.eventbus.spi.CloudEventAttributes.CORRELATIONID;
import static dev.eventbus.spi.CloudEventAttributes.DATACONTENTTYPE;
import static dev.eventbus.spi.CloudEventAttributes.EVENTVERSION;
import static dev.eventbus.spi.CloudEventAttributes.ID;
import static dev.eventbus.spi.CloudEventAttributes.PARTITIONKEY;
import static dev.eventbus.spi.CloudEventAttributes.SOURCE;
import static dev.eventbus.spi.CloudEventAttributes.SPECVERSION;
import static dev.eventbus.spi.CloudEventAttributes.SUBJECT;
import static dev.eventbus.spi.CloudEventAttributes.TIME;
import static dev.eventbus.spi.CloudEventAttributes.TRACEPARENT;
import static dev.eventbus.spi.CloudEventAttributes.TRACESTATE;
import static dev.eventbus.spi.CloudEventAttributes.TYPE;

import dev.eventbus.Event;
import dev.eventbus.EventDecodingException;
import dev.eventbus.EventSerializer;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Codec;
import dev.eventbus.spi.Scheduler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The envelope codec: CloudEvents attributes in a map, the payload through the {@link Codec}. */
public final class DefaultEventSerializer implements EventSerializer {
  // What UTF-8 decoders put in place of bytes that are not UTF-8.
  private static final char NOT_UTF8 = '\uFFFD';

  private final Codec codec;
  private final TypeRegistry types;
  private final Scheduler scheduler;
  private final String source;

  /**
   * Creates the serializer.
   *
   * @param codec the payload codec
   * @param types the type registry
   * @param scheduler the clock for {@code time}
   * @param source the default {@code source}
   */
  public DefaultEventSerializer(
      Codec codec, TypeRegistry types, Scheduler scheduler, String source) {
    this.codec = codec;
    this.types = types;
    this.scheduler = scheduler;
    this.source = source;
  }

  /**
   * The codec.
   *
   * @return the codec
   */
  public Codec codec() {
    return codec;
  }

  /**
   * The type registry.
   *
   * @return the registry
   */
  public TypeRegistry types() {
    return types;
  }

  /**
   * A complete event around a plain payload, built once: what {@code complete(Event.of(payload))}
   * with the cause's correlation and the trace context gives, without the intermediate copies.
   *
   * @param payload the payload, not an {@link Event}
   * @param cause the event being handled on this thread, or null
   * @param trace the producer observation's trace context
   * @return the event
   */
  Event<?> newEvent(Object payload, Event<?> cause, EventObservations.Started trace) {
    TypeRegistry.TypeInfo info = types.infoFor(payload.getClass());
    Instant now = scheduler.now();
    String correlationId = null;
    String causationId = null;
    if (cause != null) {
      correlationId = cause.correlationId() != null ? cause.correlationId() : cause.id();
      causationId = cause.id();
    }
    return EventFactory.constructor()
        .create(
            payload,
            EventIds.next(now.toEpochMilli()),
            source,
            info.name(),
            Event.SPEC_VERSION,
            now,
            null,
            codec.contentType(),
            info.version(),
            correlationId,
            causationId,
            null,
            trace.traceparent(),
            trace.tracestate(),
            trace.baggage() == null
                ? Map.of()
                : Map.of(EventObservations.BAGGAGE, trace.baggage()));
  }

  /**
   * An event the caller built, published while {@code cause} is handled: what it left unset filled
   * in, the cause's correlation and the trace context included (replacing the caller's).
   *
   * @param event the caller's event
   * @param cause the event being handled on this thread, or null
   * @param trace the producer observation's trace context
   * @return the complete event
   */
  Event<?> completeGiven(Event<?> event, Event<?> cause, EventObservations.Started trace) {
    boolean correlate =
        cause != null && (event.correlationId() == null || event.causationId() == null);
    String traceparent = trace.traceparent();
    if (correlate || traceparent != null) {
      Event.Builder<?> b = event.toBuilder();
      if (correlate) {
        if (event.correlationId() == null) {
          b.correlationId(cause.correlationId() != null ? cause.correlationId() : cause.id());
        }
        if (event.causationId() == null) {
          b.causationId(cause.id());
        }
      }
      if (traceparent != null) {
        b.traceparent(traceparent).tracestate(trace.tracestate());
        if (trace.baggage() != null) {
          b.header(EventObservations.BAGGAGE, trace.baggage());
        }
      }
      event = b.build();
    }
    return complete(event);
  }

  @Override
  public Event<?> complete(Event<?> event) {
    if (event.id() != null
        && event.source() != null
        && event.type() != null
        && event.eventVersion() != null
        && event.time() != null
        && event.dataContentType() != null) {
      return event;
    }
    TypeRegistry.TypeInfo info = types.infoFor(event.payload().getClass());
    Event.Builder<?> b = event.toBuilder();
    Instant now = scheduler.now();
    if (event.id() == null) {
      b.id(EventIds.next(now.toEpochMilli()));
    }
    if (event.source() == null) {
      b.source(source);
    }
    if (event.type() == null) {
      b.type(info.name());
    }
    if (event.eventVersion() == null) {
      b.eventVersion(info.version());
    }
    if (event.time() == null) {
      b.time(now);
    }
    if (event.dataContentType() == null) {
      b.dataContentType(codec.contentType());
    }
    return b.build();
  }

  @Override
  public BrokerMessage encode(Event<?> event) {
    byte[] body = codec.encode(event.payload());
    return BrokerMessage.builder(body)
        .key(event.partitionKey())
        .attribute(ID, event.id())
        .attribute(SOURCE, event.source())
        .attribute(TYPE, event.type())
        .attribute(SPECVERSION, event.specVersion())
        .attribute(TIME, Rfc3339.format(event.time()))
        .attribute(DATACONTENTTYPE, event.dataContentType())
        .attribute(EVENTVERSION, versionText(event.eventVersion()))
        .attribute(SUBJECT, event.subject())
        .attribute(CORRELATIONID, event.correlationId())
        .attribute(CAUSATIONID, event.causationId())
        .attribute(PARTITIONKEY, event.partitionKey())
        .attribute(TRACEPARENT, event.traceparent())
        .attribute(TRACESTATE, event.tracestate())
        .headers(event.headers())
        .build();
  }

  private static final String[] VERSIONS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

  private static String versionText(int version) {
    return version >= 0 && version < VERSIONS.length
        ? VERSIONS[version]
        : Integer.toString(version);
  }

  @Override
  public Event<?> decode(BrokerMessage message) {
    Map<String, String> a = message.attributes();
    String id = required(a, ID);
    String type = required(a, TYPE);
    String spec = required(a, SPECVERSION);
    required(a, SOURCE);
    if (!spec.startsWith("1.")) {
      throw new EventDecodingException(
          "Event " + id + " has specversion '" + spec + "'; only CloudEvents 1.x is understood");
    }
    String contentType = a.get(DATACONTENTTYPE);
    if (contentType != null
        && !contentType.equals(codec.contentType())
        && !sameMediaType(contentType, codec.contentType())) {
      throw new EventDecodingException(
          "Event "
              + id
              + " has datacontenttype '"
              + contentType
              + "'; this consumer's codec reads '"
              + codec.contentType()
              + "'");
    }
    TypeRegistry.TypeInfo info = types.infoFor(type);
    if (info == null) {
      throw new EventDecodingException(
          "Event " + id + " has unknown type '" + type + "': no class is registered for it");
    }
    int version = parseVersion(id, a.get(EVENTVERSION));
    Object payload;
    try {
      payload =
          version == info.version() && !types.hasUpcasters(type)
              ? codec.decode(message.body(), info.type())
              : codec.decode(message.body(), info.type(), types.upcastPath(info, version));
    } catch (EventDecodingException e) {
      // the codec knows the class; the reader of a dead letter needs the event's type as well
      throw new EventDecodingException(
          "Event " + id + " of type '" + type + "': " + e.getMessage(), e);
    }
    return EventFactory.constructor()
        .create(
            payload,
            id,
            a.get(SOURCE),
            type,
            spec,
            parseTime(id, a.get(TIME)),
            a.get(SUBJECT),
            contentType,
            info.version(),
            a.get(CORRELATIONID),
            a.get(CAUSATIONID),
            a.getOrDefault(PARTITIONKEY, message.key()),
            a.get(TRACEPARENT),
            a.get(TRACESTATE),
            userHeaders(message.headers()));
  }

  private static Map<String, String> userHeaders(Map<String, String> headers) {
    if (headers.isEmpty() || !hasUserHeader(headers)) {
      return Map.of();
    }
    Map<String, String> user = new LinkedHashMap<>(headers);
    user.keySet().removeIf(k -> k.startsWith("eventbus-"));
    return Collections.unmodifiableMap(user);
  }

  private static boolean hasUserHeader(Map<String, String> headers) {
    for (String name : headers.keySet()) {
      if (!name.startsWith("eventbus-")) {
        return true;
      }
    }
    return false;
  }

  private static String required(Map<String, String> attributes, String name) {
    String v = attributes.get(name);
    if (v == null || v.isEmpty()) {
      throw new EventDecodingException(
          "Message lacks the required CloudEvents attribute '" + name + "'");
    }
    // Adapters decode header bytes as UTF-8 with U+FFFD for what is not UTF-8: two ids that
    // differed in those bytes would read the same, and idempotency would drop the second.
    if (v.indexOf(NOT_UTF8) >= 0) {
      throw new EventDecodingException(
          "Message has a CloudEvents attribute '" + name + "' that is not valid UTF-8: " + v);
    }
    return v;
  }

  private static int parseVersion(String id, String v) {
    if (v == null) {
      return 1;
    }
    try {
      int version = Integer.parseInt(v);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new EventDecodingException("Event " + id + " has an invalid eventversion '" + v + "'");
  }

  private static Instant parseTime(String id, String v) {
    if (v == null) {
      return null;
    }
    try {
      return Rfc3339.parse(v);
    } catch (DateTimeParseException e) {
      throw new EventDecodingException("Event " + id + " has an invalid time '" + v + "'", e);
    }
  }

  private static boolean sameMediaType(String a, String b) {
    return base(a).equalsIgnoreCase(base(b));
  }

  private static String base(String mediaType) {
    int semicolon = mediaType.indexOf(';');
    return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim();
  }
}
