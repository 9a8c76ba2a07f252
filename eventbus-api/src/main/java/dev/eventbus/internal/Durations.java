package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses durations in configuration: ISO-8601 ({@code PT30S}) or {@code 500ms}, {@code 30s}, {@code
 * 5m}, {@code 1h}.
 */
public final class Durations {
  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param key the configuration key, for the error
   * @param value the text
   * @return the duration
   * @throws ConfigurationException if it is not a duration
   */
  public static Duration parse(String key, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // reported below
    }
    throw new ConfigurationException(
        key, value, "a duration such as 500ms, 30s, 5m, 1h or ISO-8601 PT30S");
  }
}
