package dev.eventbus.eventsourcing;

import dev.eventbus.Event;
import dev.eventbus.EventDecodingException;
import dev.eventbus.EventSerializer;
import dev.eventbus.spi.BrokerMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * An event as the store holds it: the encoded envelope of the core ({@link BrokerMessage}) with its
 * place in its stream ({@link #version()}) and in the global log ({@link #position()}).
 *
 * <p>The payload is decoded on the first call to {@link #event()}, with the serializer of the store
 * that read it (its type registry and upcasters), so reading the log never fails because of one
 * event that no longer decodes: the failure surfaces where the event is used, naming its position,
 * stream, type and version.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordedEvent {
  private final String streamId;
  private final long version;
  private final long position;
  private final Instant recordedAt;
  private final BrokerMessage message;
  private final EventSerializer serializer;
  private volatile Event<?> decoded;

  private RecordedEvent(
      String streamId,
      long version,
      long position,
      Instant recordedAt,
      BrokerMessage message,
      EventSerializer serializer) {
    this.streamId = Objects.requireNonNull(streamId, "streamId");
    this.version = version;
    this.position = position;
    this.recordedAt = Objects.requireNonNull(recordedAt, "recordedAt");
    this.message = Objects.requireNonNull(message, "message");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
  }

  /**
   * Creates a recorded event; for {@link EventStore} implementations.
   *
   * @param streamId the stream
   * @param version the version of this event in its stream, from 1
   * @param position the position of this event in the global log, from 1
   * @param recordedAt when the store committed it
   * @param message the stored envelope
   * @param serializer decodes the payload on demand
   * @return the recorded event
   */
  public static RecordedEvent of(
      String streamId,
      long version,
      long position,
      Instant recordedAt,
      BrokerMessage message,
      EventSerializer serializer) {
    return new RecordedEvent(streamId, version, position, recordedAt, message, serializer);
  }

  /**
   * The stream the event belongs to.
   *
   * @return the stream id
   */
  public String streamId() {
    return streamId;
  }

  /**
   * The event's version in its stream: 1 for the first event.
   *
   * @return the version
   */
  public long version() {
    return version;
  }

  /**
   * The event's position in the global log: 1 for the first event ever appended, then strictly
   * increasing by one, in commit order.
   *
   * @return the position
   */
  public long position() {
    return position;
  }

  /**
   * When the store committed the event (the event's own {@code time} is in {@link #event()}).
   *
   * @return the commit time
   */
  public Instant recordedAt() {
    return recordedAt;
  }

  /**
   * The stored envelope, exactly as the core's serializer encoded it.
   *
   * @return the message
   */
  public BrokerMessage message() {
    return message;
  }

  /**
   * The event id (CloudEvents {@code id}), unique in the store.
   *
   * @return the id
   */
  public String id() {
    return message.id();
  }

  /**
   * The CloudEvents {@code type} as stored, before any upcasting.
   *
   * @return the type
   */
  public String type() {
    return message.attributes().get("type");
  }

  /**
   * The {@code eventversion} as stored, before any upcasting.
   *
   * @return the schema version, or null if none was stored
   */
  public String storedEventVersion() {
    return message.attributes().get("eventversion");
  }

  /**
   * The decoded event, upcast to the current version of its type. Decoded once, then cached.
   *
   * @return the event with its payload and envelope (id, time, type ... as stored)
   * @throws EventDecodingException if the type is unknown, no upcasting path exists or the payload
   *     does not decode; the message names the position, stream, version, id and type
   */
  public Event<?> event() {
    Event<?> event = decoded;
    if (event == null) {
      try {
        event = serializer.decode(message);
      } catch (RuntimeException e) {
        throw new EventDecodingException(
            "Stored event at position "
                + position
                + " (stream '"
                + streamId
                + "' version "
                + version
                + ", id "
                + id()
                + ", type "
                + type()
                + ", eventversion "
                + storedEventVersion()
                + ") cannot be decoded: "
                + e.getMessage(),
            e);
      }
      decoded = event;
    }
    return event;
  }

  /**
   * The decoded payload, the same as {@code event().payload()}.
   *
   * @return the payload
   * @throws EventDecodingException as {@link #event()}
   */
  public Object payload() {
    return event().payload();
  }

  @Override
  public String toString() {
    return "RecordedEvent{position="
        + position
        + ", stream="
        + streamId
        + ", version="
        + version
        + ", id="
        + id()
        + ", type="
        + type()
        + "}";
  }
}
