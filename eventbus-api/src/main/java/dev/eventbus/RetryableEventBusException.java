package dev.eventbus;

/**
 * A transient failure: the same operation may succeed if tried again later (broker unreachable,
 * leader election, throttling, a full publish buffer). Spelled as {@link NonRetryableException} is;
 * it extends the deprecated {@link RetriableEventBusException} for one release, so that code
 * catching the old name still catches every transient failure.
 */
@SuppressWarnings("deprecation") // the deprecated parent is kept for callers of the old name
public class RetryableEventBusException extends RetriableEventBusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public RetryableEventBusException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying exception
   */
  public RetryableEventBusException(String message, Throwable cause) {
    super(message, cause);
  }
}
