package dev.eventbus.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One configuration key as a typed row of a {@link SettingTable}: its name, its type (how text
 * parses and how a value is shown), its default, the rules a value must keep, its documentation and
 * whether it is a secret. Everything about a key is written here once; parsing, validation, error
 * messages, the redacted {@code toString} and the reference documentation all come from the row.
 *
 * <p>A name with a {@code <placeholder>} ({@code client.<property>}, {@code
 * group.<name>.start-time}) is a pattern: it matches every key with that start and end, and holds
 * one value per name in the placeholder.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private final String name;
  private final Type<T> type;
  private final T defaultValue;
  private final String defaultText;
  private final String doc;
  private final boolean secret;
  private final Predicate<String> secretNames;
  private final boolean required;
  private final List<Check<T>> rules;
  private final String allowed;
  private final boolean ruled;
  private final String deprecation;

  Setting(SettingBuilder<T> b) {
    this.name = b.name;
    this.type = b.type;
    this.defaultValue = b.defaultValue;
    this.doc = Objects.requireNonNull(b.doc, () -> "no documentation for " + b.name);
    this.secret = b.secret;
    this.secretNames = b.secretNames;
    if (secretNames != null && !isPattern()) {
      throw new IllegalStateException(
          b.name + ": only a pattern's values are secret by name; use secret()");
    }
    this.required = b.required;
    this.rules = List.copyOf(b.rules);
    this.defaultText =
        b.defaultText != null
            ? b.defaultText
            : b.defaultValue == null ? "" : b.secret ? "(set)" : type.format(b.defaultValue);
    this.ruled = b.allowed != null || !b.rules.isEmpty();
    this.deprecation = b.deprecation;
    this.allowed =
        b.allowed != null
            ? b.allowed
            : rules.isEmpty() ? type.description() : rules.get(rules.size() - 1).allowed();
  }

  /**
   * Starts a row.
   *
   * @param name the key without its table's prefix, kebab-case
   * @param type the value type
   * @param <T> the value type
   * @return a builder
   */
  public static <T> SettingBuilder<T> of(String name, Type<T> type) {
    return new SettingBuilder<>(name, type);
  }

  /** {@return the key without its table's prefix} */
  public String name() {
    return name;
  }

  /** {@return the value type} */
  public Type<T> type() {
    return type;
  }

  /** {@return the default, or null if there is none} */
  public T defaultValue() {
    return defaultValue;
  }

  /** {@return the default as the documentation shows it, empty if there is none} */
  public String defaultText() {
    return defaultText;
  }

  /** {@return what the key does, for the reference table} */
  public String doc() {
    return doc;
  }

  /** {@return whether the value is never shown: not in errors, logs or {@code toString()}} */
  public boolean secret() {
    return secret;
  }

  /** {@return whether a value must be given (there is no default)} */
  public boolean required() {
    return required;
  }

  /**
   * {@return what a value may be, as an error says it} The last rule's phrase, or the type's, such
   * as {@code an integer from 1 to 65536}.
   */
  public String allowed() {
    return allowed;
  }

  /**
   * {@return what a value may be, for the reference table} {@link #allowed()} where the row has
   * rules of its own, empty where its type says it all.
   */
  public String allowedText() {
    return ruled ? allowed : "";
  }

  /**
   * {@return why the key is deprecated and what replaces it, or null if it is not} A deprecated key
   * is still accepted, with one warning per process.
   */
  public String deprecation() {
    return deprecation;
  }

  /** {@return whether the name is a pattern with a {@code <placeholder>}} */
  public boolean isPattern() {
    return name.indexOf('<') >= 0;
  }

  /**
   * The placeholder's part of a key this pattern matches, or null if it does not match.
   *
   * @param key a key without the table's prefix
   * @return the name in the placeholder, or null
   */
  String match(String key) {
    int open = name.indexOf('<');
    if (open < 0) {
      return null;
    }
    String start = name.substring(0, open);
    String end = name.substring(name.indexOf('>') + 1);
    if (key.length() > start.length() + end.length()
        && key.startsWith(start)
        && key.endsWith(end)) {
      return key.substring(start.length(), key.length() - end.length());
    }
    return null;
  }

  /**
   * The key a pattern makes for one name.
   *
   * @param placeholder the name in the placeholder
   * @return the key without the table's prefix
   */
  String key(String placeholder) {
    int open = name.indexOf('<');
    return name.substring(0, open) + placeholder + name.substring(name.indexOf('>') + 1);
  }

  /**
   * Checks a value against the rules.
   *
   * @param value the value, or null if none is set
   * @param explicit whether a value was set (a null set over a default is missing, not unset)
   * @return null if the value is allowed, else what is allowed
   */
  String violation(T value, boolean explicit) {
    if (value == null) {
      return required || (explicit && defaultValue != null) ? allowed : null;
    }
    for (Check<T> r : rules) {
      if (!r.test().test(value)) {
        return r.allowed();
      }
    }
    return null;
  }

  /**
   * A value as errors and {@code toString()} show it: {@code <redacted>} for a secret, a URI with
   * its password masked.
   *
   * @param value the value
   * @return the text, or null for null
   */
  public String shown(T value) {
    if (value == null) {
      return null;
    }
    if (secret) {
      return value instanceof URI ? ConfigKeys.shownSecret(value.toString()) : "<redacted>";
    }
    return type.format(value);
  }

  /**
   * A value of one name of a pattern as errors and {@code toString()} show it: {@code <redacted>}
   * if the pattern's {@link SettingBuilder#secretWhen} says that name holds a secret, otherwise as
   * {@link #shown(Object)}.
   *
   * @param placeholder the name in the placeholder's place ({@code sasl.jaas.config} of {@code
   *     client.sasl.jaas.config})
   * @param value the value
   * @return the text, or null for null
   */
  public String shown(String placeholder, T value) {
    if (value != null && secretNames != null && secretNames.test(placeholder)) {
      return "<redacted>";
    }
    return shown(value);
  }

  @Override
  public String toString() {
    return "Setting{" + name + "}";
  }

  /**
   * A rule a value must keep, and how an error says it.
   *
   * @param test true for an allowed value (never given null)
   * @param allowed what the rule allows: {@code an integer from 1 to 65536}
   * @param <T> the value type
   */
  public record Check<T>(Predicate<T> test, String allowed) {
    /**
     * Integers from {@code min} to {@code max}.
     *
     * @param min the least allowed
     * @param max the most allowed
     * @return the check
     */
    public static Check<Integer> range(int min, int max) {
      return new Check<>(v -> v >= min && v <= max, "an integer from " + min + " to " + max);
    }

    /**
     * Long integers from {@code min} to {@code max}.
     *
     * @param min the least allowed
     * @param max the most allowed
     * @return the check
     */
    public static Check<Long> range(long min, long max) {
      return new Check<>(v -> v >= min && v <= max, "an integer from " + min + " to " + max);
    }

    /**
     * Durations from {@code min} to {@code max}.
     *
     * @param min the shortest allowed
     * @param max the longest allowed
     * @return the check
     */
    public static Check<Duration> range(Duration min, Duration max) {
      return new Check<>(
          d -> d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
          "a duration from "
              + ConfigKeys.durationText(min)
              + " to "
              + ConfigKeys.durationText(max));
    }

    /**
     * Text that is not blank.
     *
     * @param allowed what the key allows: {@code a host name or address}
     * @return the check
     */
    public static Check<String> nonBlank(String allowed) {
      return new Check<>(s -> !s.isBlank(), allowed);
    }
  }

  /**
   * How a value type parses from text and shows as text.
   *
   * @param <T> the value type
   */
  public interface Type<T> {
    /**
     * {@return the value of text, trimmed}
     *
     * @param text the text, not null
     * @throws ConfigKeys.InvalidValueException saying what the type allows
     */
    T parse(String text);

    /**
     * The value as a user would write it.
     *
     * @param value the value, not null
     * @return the text
     */
    default String format(T value) {
      return String.valueOf(value);
    }

    /** {@return what the type is, for the reference table and errors: {@code an integer}} */
    String description();

    /** {@return the type's name in the reference table, a word such as {@code int}} */
    String name();

    /**
     * A type from its parts.
     *
     * @param name the name in the reference table
     * @param description what a value is
     * @param parse the parser, which throws {@link ConfigKeys.InvalidValueException}
     * @param format how a value shows
     * @param <T> the value type
     * @return the type
     */
    static <T> Type<T> of(
        String name, String description, Function<String, T> parse, Function<T, String> format) {
      return new Named<>(name, description, parse, format);
    }
  }

  private record Named<T>(
      String name, String description, Function<String, T> parser, Function<T, String> formatter)
      implements Type<T> {
    @Override
    public T parse(String text) {
      return parser.apply(text);
    }

    @Override
    public String format(T value) {
      return formatter.apply(value);
    }
  }

  /** Text, as written. */
  public static final Type<String> STRING = Type.of("string", "a string", s -> s, s -> s);

  /** A 32-bit integer. */
  public static final Type<Integer> INT =
      Type.of("int", "an integer", ConfigKeys::integer, String::valueOf);

  /** A 64-bit integer. */
  public static final Type<Long> LONG =
      Type.of("long", "an integer", ConfigKeys::longValue, String::valueOf);

  /** {@code true} or {@code false}, in any case. */
  public static final Type<Boolean> BOOLEAN =
      Type.of("boolean", "true or false", ConfigKeys::bool, String::valueOf);

  /** A duration such as {@code 500ms}, {@code 30s} or ISO-8601 {@code PT30S}. */
  public static final Type<Duration> DURATION =
      Type.of("duration", ConfigKeys.DURATIONS, ConfigKeys::duration, ConfigKeys::durationText);

  /** A URI. */
  public static final Type<URI> URI_TYPE =
      Type.of("URI", "an absolute URI", ConfigKeys::uri, URI::toString);

  /**
   * Starts a duration row with a default and a range, the most common shape of a timing key.
   *
   * @param name the key without its table's prefix, kebab-case
   * @param defaultValue the default
   * @param min the shortest allowed
   * @param max the longest allowed
   * @return a builder
   */
  public static SettingBuilder<Duration> duration(
      String name, Duration defaultValue, Duration min, Duration max) {
    return of(name, DURATION).defaultValue(defaultValue).check(Check.range(min, max));
  }

  /**
   * An enum's constants, by name in any case.
   *
   * @param type the enum
   * @param <E> the enum type
   * @return the type, named by its constants
   */
  public static <E extends Enum<E>> Type<E> enumType(Class<E> type) {
    String names =
        String.join(
            " or ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
    return Type.of(names, "one of " + names, s -> ConfigKeys.enumValue(s, type), Enum::name);
  }
}
