package dev.eventbus.testkit;

import dev.eventbus.DeadLetter;
import dev.eventbus.Event;
import java.time.Duration;

/**
 * An event written to its group's dead letters, recorded once the write was durable.
 *
 * @param event the event, or null if it could not be decoded (then {@code deadLetter().reason()} is
 *     {@code undecodable})
 * @param deadLetter the dead letter with its headers: topic, group, attempts, reason, exception
 * @param exception the exception of the last failed handler call for this event and group, or null
 *     if no handler was called
 * @param elapsed how long the write took
 */
public record DeadLettered(
    Event<?> event, DeadLetter deadLetter, Throwable exception, Duration elapsed)
    implements Recorded {
  @Override
  public String topic() {
    return deadLetter.topic();
  }

  /**
   * The group that failed.
   *
   * @return the group
   */
  public String group() {
    return deadLetter.group();
  }

  /**
   * Why it was dead-lettered: {@code retries-exhausted}, {@code non-retryable} or {@code
   * undecodable}.
   *
   * @return the reason
   */
  public String reason() {
    return deadLetter.reason();
  }
}
