package dev.eventbus.internal;

import dev.eventbus.Event;
import java.time.Instant;
import java.util.Map;

/**
 * Makes events for the core without a builder per event: {@link Event} hands its constructor over
 * when it is initialised. The core makes one event per publish and one per decoded message, so the
 * builder would be a second object each time.
 *
 * <p>Not part of the API: {@link #install} accepts one constructor, {@code Event}'s own.
 */
public final class EventFactory {
  /** {@code Event}'s constructor, all attributes given. */
  @FunctionalInterface
  public interface Constructor {
    /**
     * Makes an event; nothing is checked or copied.
     *
     * @param payload the payload
     * @param id the id
     * @param source the source
     * @param type the type
     * @param specVersion the CloudEvents version
     * @param time the time
     * @param subject the subject, or null
     * @param dataContentType the content type
     * @param eventVersion the payload's schema version
     * @param correlationId the correlation id, or null
     * @param causationId the causation id, or null
     * @param partitionKey the partition key, or null
     * @param traceparent the traceparent, or null
     * @param tracestate the tracestate, or null
     * @param headers unmodifiable headers
     * @return the event
     */
    Event<?> create(
        Object payload,
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
        Map<String, String> headers);
  }

  private static volatile Constructor constructor;

  private EventFactory() {}

  /**
   * Called by {@code Event}'s static initialiser, once.
   *
   * @param c the constructor
   */
  public static void install(Constructor c) {
    synchronized (EventFactory.class) {
      if (constructor != null) {
        throw new IllegalStateException("the event constructor is installed already");
      }
      constructor = c;
    }
  }

  static Constructor constructor() {
    Constructor c = constructor;
    if (c == null) {
      try {
        Class.forName(Event.class.getName(), true, Event.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      c = constructor;
    }
    return c;
  }
}
