package dev.eventbus;

import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * One dead letter as the {@link DeadLetters} API shows it: the original message, untouched, with
 * the reason it was dead-lettered. Immutable.
 *
 * <p>The reason travels in headers named by the constants here, the same on every broker.
 */
public final class DeadLetter {
  /**
   * Header: the dead letter's id, by which the {@code DeadLetterStore} finds, deletes and redrives
   * it: the event id, or a generated UUID for a foreign message that had none.
   */
  public static final String ID_HEADER = "eventbus-dlq-id";

  /** Header: the topic the event was consumed from. */
  public static final String TOPIC_HEADER = "eventbus-dlq-topic";

  /** Header: the group that failed to handle it. */
  public static final String GROUP_HEADER = "eventbus-dlq-group";

  /** Header: attempts made. */
  public static final String ATTEMPTS_HEADER = "eventbus-dlq-attempts";

  /** Header: time of the first failure, ISO-8601. */
  public static final String FIRST_FAILURE_HEADER = "eventbus-dlq-first-failure";

  /** Header: time of the last failure, ISO-8601. */
  public static final String LAST_FAILURE_HEADER = "eventbus-dlq-last-failure";

  /** Header: class name of the last exception. */
  public static final String EXCEPTION_CLASS_HEADER = "eventbus-dlq-exception-class";

  /** Header: message of the last exception, at most {@value #MAX_MESSAGE_LENGTH} characters. */
  public static final String EXCEPTION_MESSAGE_HEADER = "eventbus-dlq-exception-message";

  /** Header: why: {@code retries-exhausted}, {@code non-retryable} or {@code undecodable}. */
  public static final String REASON_HEADER = "eventbus-dlq-reason";

  /** The longest exception message kept in a dead letter. */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private final BrokerMessage message;

  /**
   * Wraps a dead-lettered message.
   *
   * @param message the message with its dead-letter headers
   */
  public DeadLetter(BrokerMessage message) {
    this.message = message;
  }

  /**
   * The dead letter's id: the event id, or a generated one for a foreign message that had none.
   *
   * @return the id
   */
  public String id() {
    String id = message.headers().get(ID_HEADER);
    return id != null ? id : message.id();
  }

  /**
   * The event id, or null for a foreign message that had none.
   *
   * @return the event id
   */
  public String eventId() {
    return message.id();
  }

  /**
   * The CloudEvents type, or null if unknown.
   *
   * @return the type
   */
  public String type() {
    return message.attributes().get("type");
  }

  /**
   * The topic it was consumed from.
   *
   * @return the topic
   */
  public String topic() {
    return message.headers().get(TOPIC_HEADER);
  }

  /**
   * The group that failed.
   *
   * @return the group
   */
  public String group() {
    return message.headers().get(GROUP_HEADER);
  }

  /**
   * Attempts made before it was dead-lettered.
   *
   * @return the count, 0 if unknown
   */
  public int attempts() {
    try {
      return Integer.parseInt(message.headers().getOrDefault(ATTEMPTS_HEADER, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * When the first attempt failed.
   *
   * @return the time, or null if unknown
   */
  public Instant firstFailure() {
    return instant(FIRST_FAILURE_HEADER);
  }

  /**
   * When the last attempt failed.
   *
   * @return the time, or null if unknown
   */
  public Instant lastFailure() {
    return instant(LAST_FAILURE_HEADER);
  }

  /**
   * The class of the last exception.
   *
   * @return the class name
   */
  public String exceptionClass() {
    return message.headers().get(EXCEPTION_CLASS_HEADER);
  }

  /**
   * The message of the last exception, bounded.
   *
   * @return the message, possibly empty
   */
  public String exceptionMessage() {
    return message.headers().get(EXCEPTION_MESSAGE_HEADER);
  }

  /**
   * Why it was dead-lettered: {@code retries-exhausted}, {@code non-retryable} or {@code
   * undecodable}.
   *
   * @return the reason
   */
  public String reason() {
    return message.headers().get(REASON_HEADER);
  }

  /**
   * The message as stored, with every attribute, header and the raw body.
   *
   * @return the message
   */
  public BrokerMessage message() {
    return message;
  }

  /**
   * The body decoded as UTF-8, for inspection (undecodable bytes show as replacement characters).
   *
   * @return the body text
   */
  public String bodyAsString() {
    return new String(message.body(), StandardCharsets.UTF_8);
  }

  /**
   * The headers: the event's own ({@link Event#headers()}), this class's {@code *_HEADER} ones and,
   * on an event that was retried before, {@link dev.eventbus.spi.Delivery#ATTEMPT_HEADER} and
   * {@link dev.eventbus.spi.Delivery#FIRST_FAILURE_HEADER}; nothing else, on any broker. The
   * CloudEvents attributes are in {@link #message()}.
   *
   * @return the headers, unmodifiable
   */
  public Map<String, String> headers() {
    return message.headers();
  }

  private Instant instant(String header) {
    String v = message.headers().get(header);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "DeadLetter{id="
        + id()
        + ", type="
        + type()
        + ", topic="
        + topic()
        + ", group="
        + group()
        + ", attempts="
        + attempts()
        + ", reason="
        + reason()
        + ", exception="
        + exceptionClass()
        + "}";
  }
}
