package dev.eventbus.outbox.internal;

import dev.eventbus.ConfigurationException;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

/** The outbox builder's checks: each failure names the setting, the value and what is allowed. */
public final class Checks {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,49}");

  private Checks() {}

  /**
   * Checks a table name: an identifier, optionally qualified.
   *
   * @param key the setting
   * @param table the value
   */
  public static void table(String key, String table) {
    String[] parts = table == null ? new String[] {""} : table.split("\\.", -1);
    for (String part : parts) {
      if (parts.length > 2 || !IDENTIFIER.matcher(part).matches()) {
        throw new ConfigurationException(
            key, table, "a SQL identifier of at most 50 characters, optionally schema-qualified");
      }
    }
  }

  /**
   * Checks an integer range.
   *
   * @param key the setting
   * @param value the value
   * @param min the least allowed
   * @param max the most allowed
   */
  public static void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigurationException(key, value, min + " to " + max);
    }
  }

  /**
   * Checks a duration range.
   *
   * @param key the setting
   * @param value the value
   * @param min the least allowed
   * @param max the most allowed
   */
  public static void duration(String key, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigurationException(key, value, "from " + min + " to " + max);
    }
  }

  /**
   * Checks a relay's name.
   *
   * @param key the setting
   * @param owner the value
   */
  public static void owner(String key, String owner) {
    if (owner == null || owner.isBlank() || owner.length() > 200) {
      throw new ConfigurationException(key, owner, "1 to 200 characters");
    }
  }

  /** {@return a relay name unique to this process: host, process id, a random suffix} */
  public static String defaultOwner() {
    String host = System.getenv().getOrDefault("HOSTNAME", "host");
    return host
        + "-"
        + ProcessHandle.current().pid()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
