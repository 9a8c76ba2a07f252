package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses durations in configuration: ISO-8601 ({@code PT30S}) or {@code 500ms}, {@code 30s}, {@code
 * 5m}, {@code 1h}.
 */
public final class Durations {
  private Durations() {}

  /** What a duration in configuration may look like, for error messages. */
  public static final String ALLOWED = "a duration such as 500ms, 30s, 5m, 1h or ISO-8601 PT30S";

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
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Optional.of(Duration.parse(v.toUpperCase(Locale.ROOT)));
      }
      if (v.endsWith("ms")) {
        return Optional.of(Duration.ofMillis(number(v, 2)));
      }
      if (v.endsWith("s")) {
        return Optional.of(Duration.ofSeconds(number(v, 1)));
      }
      if (v.endsWith("m")) {
        return Optional.of(Duration.ofMinutes(number(v, 1)));
      }
      if (v.endsWith("h")) {
        return Optional.of(Duration.ofHours(number(v, 1)));
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // not a duration
    }
    return Optional.empty();
  }

  private static long number(String v, int unitLength) {
    return Long.parseLong(v.substring(0, v.length() - unitLength).trim());
  }
}
