package dev.eventbus;

import java.time.Duration;

/**
 * A bounded buffer stayed full for longer than the configured timeout: the publisher waited and
 * gave up. The event was not published. Retriable: slow down and publish again.
 */
public class BackpressureException extends RetryableEventBusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param what the buffer that was full, for example {@code "publish buffer (10000 events)"}
   * @param waited how long the caller waited before giving up
   */
  public BackpressureException(String what, Duration waited) {
    super(what + " stayed full for " + waited.toMillis() + " ms; the event was not published");
  }
}
