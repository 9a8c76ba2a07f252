package dev.eventbus;

/**
 * A transient failure, under its former name.
 *
 * @deprecated use {@link RetryableEventBusException}, which every transient failure of eventbus now
 *     is (it extends this class, so catching this name still works); this name goes in the next
 *     release.
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public class RetriableEventBusException extends EventBusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @deprecated throw {@link RetryableEventBusException}
   * @param message what went wrong
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public RetriableEventBusException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @deprecated throw {@link RetryableEventBusException}
   * @param message what went wrong
   * @param cause the underlying exception
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public RetriableEventBusException(String message, Throwable cause) {
    super(message, cause);
  }
}
