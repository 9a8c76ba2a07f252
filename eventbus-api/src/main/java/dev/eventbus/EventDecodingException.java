package dev.eventbus;

/**
 * A consumed message could not be turned into an event: malformed bytes, a wrong content type,
 * missing required attributes, an unknown event type, or a schema version with no upcasting path.
 * Such an event is never retried: it goes to the group's dead letters with this message.
 */
public class EventDecodingException extends NonRetryableException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be decoded and why
   */
  public EventDecodingException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what could not be decoded and why
   * @param cause the codec's exception
   */
  public EventDecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
