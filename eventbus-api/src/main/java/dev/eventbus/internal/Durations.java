package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.ConfigKeys;
import java.time.Duration;
import java.util.Optional;

/**
 * Parses durations in configuration ({@link ConfigKeys#duration}, the one parser) for the core's
 * keys, with the key in the error.
 */
public final class Durations {
  private Durations() {}

  /** What a duration in configuration may look like, for error messages. */
  public static final String ALLOWED = ConfigKeys.DURATIONS;

  /**
   * Parses a duration.
   *
   * @param key the configuration key, for the error
   * @param value the text
   * @return the duration
   * @throws ConfigurationException if it is not a duration
   */
  public static Duration parse(String key, String value) {
    return tryParse(value).orElseThrow(() -> new ConfigurationException(key, value, ALLOWED));
  }

  /**
   * Parses a duration.
   *
   * @param value the text, or null
   * @return the duration, or empty if it is not one
   */
  public static Optional<Duration> tryParse(String value) {
    try {
      return Optional.of(ConfigKeys.duration(value));
    } catch (ConfigKeys.InvalidValueException e) {
      return Optional.empty();
    }
  }
}
