package dev.eventbus.testkit;

import dev.eventbus.Event;
import java.time.Duration;

/**
 * One handler call, recorded when the handler returned or threw. A retried event is recorded once
 * per attempt.
 *
 * @param event the event handled
 * @param topic the topic
 * @param group the group
 * @param attempt the attempt number, 1 for the first
 * @param exception what the handler threw, or null if it returned normally
 * @param elapsed how long the handler ran
 */
public record Consumed(
    Event<?> event, String topic, String group, int attempt, Throwable exception, Duration elapsed)
    implements Recorded {
  /**
   * Whether the handler returned normally.
   *
   * @return true if it did not throw
   */
  public boolean succeeded() {
    return exception == null;
  }
}
