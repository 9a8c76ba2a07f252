package dev.eventbus;

/**
 * A configuration value is invalid. Thrown when a bus, broker or policy is built, never later. The
 * message names the key, the rejected value and what is allowed. Secret values are never echoed.
 */
public class ConfigurationException extends EventBusException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param key the configuration key, for example {@code "retry.maxAttempts"}
   * @param value the rejected value as the user wrote it (pass {@code "<redacted>"} for secrets),
   *     or null when the key is required and was not given
   * @param allowed what would have been accepted, for example {@code "an integer from 1 to 100"}
   */
  public ConfigurationException(String key, Object value, String allowed) {
    super(
        value == null
            ? "Missing configuration '" + key + "': it is required; expected " + allowed
            : "Invalid configuration '" + key + "' = '" + value + "': expected " + allowed);
    this.key = key;
  }

  /**
   * The key whose value was rejected.
   *
   * @return the configuration key
   */
  public String key() {
    return key;
  }
}
