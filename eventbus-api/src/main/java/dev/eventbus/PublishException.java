package dev.eventbus;

/**
 * The broker did not accept an event (a negative acknowledgement, an unroutable message, an error
 * from the broker that the adapter did not treat as transient). The event must be considered not
 * published.
 */
public class PublishException extends EventBusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the broker said
   * @param cause the client's exception, if any
   */
  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
