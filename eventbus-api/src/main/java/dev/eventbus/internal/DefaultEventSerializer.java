package dev.eventbus.internal;

import dev.eventbus.Event;
import dev.eventbus.EventDecodingException;
import dev.eventbus.EventSerializer;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Codec;
import dev.eventbus.spi.Scheduler;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** The envelope codec: CloudEvents attributes in a map, the payload through the {@link Codec}. */
public final class DefaultEventSerializer implements EventSerializer {
  static final String ID = "id";
  static final String SOURCE = "source";
  static final String TYPE = "type";
  static final String SPECVERSION = "specversion";
  static final String TIME = "time";
  static final String SUBJECT = "subject";
  static final String DATACONTENTTYPE = "datacontenttype";
  static final String EVENTVERSION = "eventversion";
  static final String CORRELATIONID = "correlationid";
  static final String CAUSATIONID = "causationid";
  static final String PARTITIONKEY = "partitionkey";
  static final String TRACEPARENT = "traceparent";

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
    if (event.id() == null) {
      b.id(EventIds.next(scheduler.now().toEpochMilli()));
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
      b.time(scheduler.now());
    }
    if (event.dataContentType() == null) {
      b.dataContentType(codec.contentType());
    }
    return b.build();
  }

  @Override
  public BrokerMessage encode(Event<?> event) {
    Map<String, String> attributes = new HashMap<>(16);
    attributes.put(ID, event.id());
    attributes.put(SOURCE, event.source());
    attributes.put(TYPE, event.type());
    attributes.put(SPECVERSION, event.specVersion());
    attributes.put(TIME, Rfc3339.format(event.time()));
    attributes.put(DATACONTENTTYPE, event.dataContentType());
    attributes.put(EVENTVERSION, Integer.toString(event.eventVersion()));
    putIfSet(attributes, SUBJECT, event.subject());
    putIfSet(attributes, CORRELATIONID, event.correlationId());
    putIfSet(attributes, CAUSATIONID, event.causationId());
    putIfSet(attributes, PARTITIONKEY, event.partitionKey());
    putIfSet(attributes, TRACEPARENT, event.traceparent());
    byte[] body = codec.encode(event.payload());
    return BrokerMessage.of(event.partitionKey(), attributes, event.headers(), body);
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
    if (contentType != null && !sameMediaType(contentType, codec.contentType())) {
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
    Object payload =
        version == info.version() && !types.hasUpcasters(type)
            ? codec.decode(message.body(), info.type())
            : codec.decode(message.body(), info.type(), types.upcastPath(info, version));
    return Event.builder(payload)
        .id(id)
        .source(a.get(SOURCE))
        .type(type)
        .specVersion(spec)
        .time(parseTime(id, a.get(TIME)))
        .subject(a.get(SUBJECT))
        .dataContentType(contentType)
        .eventVersion(info.version())
        .correlationId(a.get(CORRELATIONID))
        .causationId(a.get(CAUSATIONID))
        .partitionKey(a.getOrDefault(PARTITIONKEY, message.key()))
        .traceparent(a.get(TRACEPARENT))
        .headers(userHeaders(message.headers()))
        .build();
  }

  private static Map<String, String> userHeaders(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return headers;
    }
    Map<String, String> user = new HashMap<>(headers);
    user.keySet().removeIf(k -> k.startsWith("eventbus-"));
    return user;
  }

  private static String required(Map<String, String> attributes, String name) {
    String v = attributes.get(name);
    if (v == null || v.isEmpty()) {
      throw new EventDecodingException(
          "Message lacks the required CloudEvents attribute '" + name + "'");
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

  private static void putIfSet(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
