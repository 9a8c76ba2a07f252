package dev.eventbus.internal;

import dev.eventbus.DeadLetter;
import dev.eventbus.spi.Delivery;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The headers the core writes on retried and dead-lettered messages. */
final class FailureHeaders {
  static final String UNDECODABLE = "undecodable";
  static final String NON_RETRYABLE = "non-retryable";
  static final String RETRIES_EXHAUSTED = "retries-exhausted";

  private FailureHeaders() {}

  static Map<String, String> retry(int nextAttempt, Instant firstFailure) {
    Map<String, String> h = new HashMap<>(4);
    h.put(Delivery.ATTEMPT_HEADER, Integer.toString(nextAttempt));
    h.put(Delivery.FIRST_FAILURE_HEADER, firstFailure.toString());
    return h;
  }

  static Map<String, String> deadLetter(
      Work work,
      String topic,
      String group,
      Throwable failure,
      String reason,
      Instant firstFailure,
      Instant lastFailure) {
    Map<String, String> h = new HashMap<>(16);
    String id = work.delivery.message().id();
    h.put(DeadLetter.ID_HEADER, id != null && !id.isEmpty() ? id : UUID.randomUUID().toString());
    h.put(DeadLetter.TOPIC_HEADER, topic);
    h.put(DeadLetter.GROUP_HEADER, group);
    h.put(DeadLetter.ATTEMPTS_HEADER, Integer.toString(work.attempt));
    h.put(DeadLetter.FIRST_FAILURE_HEADER, firstFailure.toString());
    h.put(DeadLetter.LAST_FAILURE_HEADER, lastFailure.toString());
    h.put(DeadLetter.EXCEPTION_CLASS_HEADER, failure.getClass().getName());
    h.put(DeadLetter.EXCEPTION_MESSAGE_HEADER, bounded(failure.getMessage()));
    h.put(DeadLetter.REASON_HEADER, reason);
    return h;
  }

  static String bounded(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= DeadLetter.MAX_MESSAGE_LENGTH
        ? message
        : message.substring(0, DeadLetter.MAX_MESSAGE_LENGTH - 3) + "...";
  }
}
