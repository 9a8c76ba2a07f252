package dev.eventbus.eventsourcing;

import dev.eventbus.EventBusException;

/**
 * An event store operation failed for a reason other than a version conflict: an event id that is
 * already stored, an invalid argument, or a database error that is not transient (transient ones
 * are thrown as {@link dev.eventbus.RetryableEventBusException}). The database's exception, if any,
 * is the cause.
 */
public class EventStoreException extends EventBusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   */
  public EventStoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what failed
   * @param cause the underlying exception
   */
  public EventStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
