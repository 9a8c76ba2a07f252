package dev.eventbus;

/**
 * Thrown by a handler to say that trying again cannot help (the event is invalid for this handler).
 * The event goes to the group's dead letters at once, whatever the retry policy says.
 */
public class NonRetryableException extends EventBusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why the event cannot be handled
   */
  public NonRetryableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message why the event cannot be handled
   * @param cause the underlying failure
   */
  public NonRetryableException(String message, Throwable cause) {
    super(message, cause);
  }
}
