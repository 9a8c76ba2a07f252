package dev.eventbus.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How configuration values read and show: the parsers of the {@link Setting} types ({@link
 * #integer}, {@link #duration}, ...), which throw {@link InvalidValueException} saying what is
 * allowed for {@link SettingTable} to name the key; how a duration and a secret are shown in
 * errors; which known key an unknown one most likely meant. Stateless and thread-safe.
 */
public final class ConfigKeys {
  /** What a duration in configuration may look like, for error messages. */
  public static final String DURATIONS = "a duration such as 500ms, 30s, 5m, 1h or ISO-8601 PT30S";

  private ConfigKeys() {}

  /**
   * The deprecated spelling of a kebab-case key, accepted for one release: {@code ack-batch-size}
   * is {@code ackBatchSize}; dots stay.
   *
   * @param kebab the key
   * @return its camelCase spelling
   */
  static String camelCase(String kebab) {
    StringBuilder sb = new StringBuilder(kebab.length());
    boolean upper = false;
    for (int i = 0; i < kebab.length(); i++) {
      char c = kebab.charAt(i);
      if (c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  /**
   * A secret value as an error may show it: a URI with its password masked ({@code
   * amqp://app:****@host/vhost}), anything else not at all.
   *
   * @param secret the value, or null
   * @return the URI with its password masked, or {@code (secret)}
   */
  public static String shownSecret(String secret) {
    if (secret != null) {
      try {
        URI uri = new URI(secret.trim());
        String userInfo = uri.getRawUserInfo();
        if (uri.getScheme() != null && userInfo != null && uri.getRawAuthority() != null) {
          int colon = userInfo.indexOf(':');
          String masked = colon < 0 ? userInfo : userInfo.substring(0, colon + 1) + "****";
          return secret.trim().replace(userInfo + "@", masked + "@");
        }
      } catch (URISyntaxException e) {
        // not a URI: shown as a secret
      }
    }
    return "(secret)";
  }

  /**
   * Whether a key no table knows is named like a secret's ({@code password}, {@code secret}, {@code
   * token}, {@code credential}, {@code jaas}), so that an error about it does not show a credential
   * the user filed under a wrong name. Other unknown keys show their value.
   *
   * @param name the key
   * @return true if its value must not be shown
   */
  public static boolean looksSecret(String name) {
    String k = name.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.contains("credential")
        || k.contains("jaas");
  }

  /**
   * The known key a mistyped one most likely meant: the nearest by edit distance (dashes and case
   * ignored), if it is close (at most 2 edits, or a third of its length).
   *
   * @param name the unknown key
   * @param known the known keys
   * @return the nearest close key, or empty
   */
  public static java.util.Optional<String> nearest(
      String name, java.util.Collection<String> known) {
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
    return nearest != null && best <= Math.max(2, nearest.length() / 3)
        ? java.util.Optional.of(nearest)
        : java.util.Optional.empty();
  }

  /** Edit distance (insertions, deletions, substitutions; dashes ignored). */
  private static int distance(String a, String b) {
    String x = a.replace("-", "");
    String y = b.replace("-", "");
    int[] prev = new int[y.length() + 1];
    int[] cur = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length()];
  }

  /**
   * Parses an int.
   *
   * @param value the text
   * @return the number
   * @throws InvalidValueException if it is not one
   */
  public static int integer(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("an integer");
    }
  }

  /**
   * Parses a long.
   *
   * @param value the text
   * @return the number
   * @throws InvalidValueException if it is not one
   */
  public static long longValue(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("an integer");
    }
  }

  /**
   * Parses {@code true} or {@code false}, in any case.
   *
   * @param value the text
   * @return the boolean
   * @throws InvalidValueException if it is neither
   */
  public static boolean bool(String value) {
    if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
      return Boolean.parseBoolean(value);
    }
    throw new InvalidValueException("true or false");
  }

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}).
   *
   * @param value the text
   * @return the duration
   * @throws InvalidValueException if it is not one
   */
  public static Duration duration(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(number(v, 2));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(number(v, 1));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(number(v, 1));
      }
      if (v.endsWith("h")) {
        return Duration.ofHours(number(v, 1));
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // not a duration
    }
    throw new InvalidValueException(DURATIONS);
  }

  /**
   * A duration as a user writes it in configuration ({@code 30s}, {@code 500ms}, {@code 5m}, {@code
   * 1h}, {@code -5s}), for error messages: {@code PT-5S} is not what anybody wrote.
   *
   * @param d the duration, or null
   * @return its text, or null
   */
  public static String durationText(Duration d) {
    if (d == null) {
      return null;
    }
    if (d.isNegative()) {
      return "-" + durationText(d.negated());
    }
    if (d.getNano() % 1_000_000 != 0) {
      return d.toString(); // finer than a millisecond: ISO-8601 says it exactly
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static long number(String v, int unitLength) {
    return Long.parseLong(v.substring(0, v.length() - unitLength).trim());
  }

  /**
   * Parses a constant's name, in any case.
   *
   * @param value the text
   * @param type the enum
   * @param <E> the enum type
   * @return the constant
   * @throws InvalidValueException if no constant has that name
   */
  public static <E extends Enum<E>> E enumValue(String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidValueException("one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  /**
   * Parses a URI.
   *
   * @param value the text
   * @return the URI
   * @throws InvalidValueException if it is not one
   */
  public static URI uri(String value) {
    try {
      return new URI(Objects.requireNonNull(value));
    } catch (URISyntaxException | NullPointerException e) {
      throw new InvalidValueException("an absolute URI");
    }
  }

  /** A value a key does not allow; {@link SettingTable} reports it with the key's name. */
  public static final class InvalidValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String allowed;

    /**
     * An invalid value.
     *
     * @param allowed what the key allows, for example {@code an integer}
     */
    public InvalidValueException(String allowed) {
      super("expected " + allowed);
      this.allowed = allowed;
    }

    /**
     * What the key allows.
     *
     * @return a phrase such as {@code an integer}
     */
    public String allowed() {
      return allowed;
    }
  }
}
