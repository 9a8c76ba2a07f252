package dev.eventbus;

/**
 * A transient failure: the same operation may succeed if tried again later (broker unreachable,
 * leader election, throttling, a full publish buffer).
 */
public class RetriableEventBusException extends EventBusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public RetriableEventBusException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying exception
   */
  public RetriableEventBusException(String message, Throwable cause) {
    super(message, cause);
  }
}
