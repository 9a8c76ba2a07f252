package dev.eventbus;

import java.util.Optional;

/**
 * A configuration value is invalid. Thrown when a bus, broker or policy is built, never later. The
 * message names the key, the rejected value and what is allowed, and, for a value read from outside
 * the code, where it was written ({@code from environment variable EVENTBUS_RABBITMQ_PORT}). Secret
 * values are never echoed.
 */
public class ConfigurationException extends EventBusException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String shownValue;
  private final String allowed;
  private final String source;

  /**
   * Creates the exception.
   *
   * @param key the configuration key, for example {@code "retry.maxAttempts"}
   * @param value the rejected value as the user wrote it (pass {@code "<redacted>"} for secrets),
   *     or null when the key is required and was not given
   * @param allowed what would have been accepted, for example {@code "an integer from 1 to 100"}
   */
  public ConfigurationException(String key, Object value, String allowed) {
    this(key, value == null ? null : String.valueOf(value), allowed, null);
  }

  private ConfigurationException(String key, String shownValue, String allowed, String source) {
    super(message(key, shownValue, allowed, source));
    this.key = key;
    this.shownValue = shownValue;
    this.allowed = allowed;
    this.source = source;
  }

  private static String message(String key, String value, String allowed, String source) {
    String from = source == null ? "" : " from " + source;
    return value == null
        ? "Missing configuration '" + key + "'" + from + ": it is required; expected " + allowed
        : "Invalid configuration '" + key + "' = '" + value + "'" + from + ": expected " + allowed;
  }

  /**
   * The same error, saying where the rejected value was written. The key, the value as shown (a
   * secret stays hidden) and what is allowed are this exception's; so is the stack trace.
   *
   * @param source where the value came from, as a user would look for it: {@code environment
   *     variable EVENTBUS_RABBITMQ_PORT}, {@code system property eventbus.publish.timeout}, {@code
   *     properties file /etc/orders/eventbus.properties}
   * @return a new exception naming the source
   */
  public ConfigurationException withSource(String source) {
    ConfigurationException e = new ConfigurationException(key, shownValue, allowed, source);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /**
   * The key whose value was rejected.
   *
   * @return the configuration key
   */
  public String key() {
    return key;
  }

  /**
   * Where the rejected value was written, when it came from outside the code (see {@link
   * #withSource}).
   *
   * @return the source, or empty for a value set in code or passed to {@code configure(Map)}
   */
  public Optional<String> source() {
    return Optional.ofNullable(source);
  }
}
