package dev.eventbus.testkit;

import dev.eventbus.Event;
import java.time.Duration;

/**
 * One entry of a harness recording: what happened to an event, with its exception (if any) and how
 * long it took. Implemented by {@link Published}, {@link Consumed} and {@link DeadLettered}; all
 * are immutable.
 */
public interface Recorded {
  /**
   * The event, decoded with the bus's serializer.
   *
   * @return the event, or null when its bytes could not be decoded (a poison message)
   */
  Event<?> event();

  /**
   * The topic.
   *
   * @return the topic
   */
  String topic();

  /**
   * What went wrong, if anything.
   *
   * @return the exception, or null
   */
  Throwable exception();

  /**
   * How long it took, in wall time.
   *
   * @return the duration
   */
  Duration elapsed();

  /**
   * Whether the event's payload is of a type.
   *
   * @param type the payload type
   * @return true if the event was decoded and its payload is an instance of {@code type}
   */
  default boolean hasPayload(Class<?> type) {
    Event<?> event = event();
    return event != null && type.isInstance(event.payload());
  }

  /**
   * The payload, cast to a type.
   *
   * @param type the payload type
   * @param <T> the payload type
   * @return the payload
   * @throws ClassCastException if the payload is not of that type
   * @throws IllegalStateException if the event could not be decoded
   */
  default <T> T payload(Class<T> type) {
    Event<?> event = event();
    if (event == null) {
      throw new IllegalStateException("the event could not be decoded: " + this);
    }
    return type.cast(event.payload());
  }
}
