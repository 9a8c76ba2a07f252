package dev.eventbus;

/**
 * Root of every exception this library throws. All are unchecked.
 *
 * <p>Subclasses of {@link RetryableEventBusException} describe transient conditions (a broker that
 * is unreachable, a full buffer) where the same call may succeed later. Adapters wrap the broker
 * client's exception and keep it as the {@linkplain #getCause() cause}.
 */
public class EventBusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, for a human
   */
  public EventBusException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the exception that caused it.
   *
   * @param message what went wrong, for a human
   * @param cause the underlying exception, usually from a broker client
   */
  public EventBusException(String message, Throwable cause) {
    super(message, cause);
  }
}
