package dev.eventbus.spi;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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

  private Setting(Builder<T> b) {
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
  public static <T> Builder<T> of(String name, Type<T> type) {
    return new Builder<>(name, type);
  }

  /**
   * The key without its table's prefix.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The value type.
   *
   * @return the type
   */
  public Type<T> type() {
    return type;
  }

  /**
   * The default, or null if there is none.
   *
   * @return the default
   */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * The default as the documentation shows it.
   *
   * @return the text, empty if there is no default
   */
  public String defaultText() {
    return defaultText;
  }

  /**
   * What the key does, for the reference table.
   *
   * @return the documentation
   */
  public String doc() {
    return doc;
  }

  /**
   * Whether the value is never shown: not in errors, logs or {@code toString()}.
   *
   * @return true for secrets
   */
  public boolean secret() {
    return secret;
  }

  /**
   * Whether a value must be given (there is no default).
   *
   * @return true if required
   */
  public boolean required() {
    return required;
  }

  /**
   * What a value may be, as an error says it: the last rule's phrase, or the type's.
   *
   * @return a phrase such as {@code an integer from 1 to 65536}
   */
  public String allowed() {
    return allowed;
  }

  /**
   * What a value may be, for the reference table: {@link #allowed()} where the row has rules of its
   * own, empty where its type says it all.
   *
   * @return the phrase, or empty
   */
  public String allowedText() {
    return ruled ? allowed : "";
  }

  /**
   * Why the key is deprecated and what replaces it, or null if it is not: a deprecated key is still
   * accepted, with one warning per process.
   *
   * @return the reason, or null
   */
  public String deprecation() {
    return deprecation;
  }

  /**
   * Whether the name is a pattern with a {@code <placeholder>}.
   *
   * @return true for patterns
   */
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
   * if the pattern's {@link Builder#secretWhen} says that name holds a secret, otherwise as {@link
   * #shown(Object)}.
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
     * Parses text, trimmed.
     *
     * @param text the text, not null
     * @return the value
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

    /**
     * What the type is, for the reference table and errors.
     *
     * @return a phrase such as {@code an integer}
     */
    String description();

    /**
     * The type's name in the reference table.
     *
     * @return a word such as {@code int}
     */
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
      return new Type<>() {
        @Override
        public T parse(String text) {
          return parse.apply(text);
        }

        @Override
        public String format(T value) {
          return format.apply(value);
        }

        @Override
        public String description() {
          return description;
        }

        @Override
        public String name() {
          return name;
        }
      };
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

  /**
   * Builds a {@link Setting}.
   *
   * @param <T> the value type
   */
  public static final class Builder<T> {
    private final String name;
    private final Type<T> type;
    private T defaultValue;
    private String defaultText;
    private String doc;
    private boolean secret;
    private Predicate<String> secretNames;
    private boolean required;
    private String allowed;
    private String deprecation;
    private final List<Check<T>> rules = new ArrayList<>();

    private Builder(String name, Type<T> type) {
      this.name = Objects.requireNonNull(name, "name");
      this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * The default.
     *
     * @param value the default, used when no value is set
     * @return this builder
     */
    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /**
     * How the documentation shows the default, where it is not a plain value ({@code 5672 (5671
     * with TLS)}).
     *
     * @param text the text
     * @return this builder
     */
    public Builder<T> defaultText(String text) {
      this.defaultText = text;
      return this;
    }

    /**
     * What the key does.
     *
     * @param doc the documentation (Markdown)
     * @return this builder
     */
    public Builder<T> doc(String doc) {
      this.doc = doc;
      return this;
    }

    /**
     * Makes the value a secret: never shown.
     *
     * @return this builder
     */
    public Builder<T> secret() {
      this.secret = true;
      return this;
    }

    /**
     * For a pattern: the names whose values are secrets, never shown ({@code client.<property>}
     * hides {@code client.sasl.jaas.config} but shows {@code client.linger.ms}).
     *
     * @param names true for a name in the placeholder's place whose value is a secret; called from
     *     any thread
     * @return this builder
     */
    public Builder<T> secretWhen(Predicate<String> names) {
      this.secretNames = Objects.requireNonNull(names, "names");
      return this;
    }

    /**
     * Makes a value required: building fails without one.
     *
     * @return this builder
     */
    public Builder<T> required() {
      this.required = true;
      return this;
    }

    /**
     * Adds a rule.
     *
     * @param test true for an allowed value (never given null)
     * @param allowed what the rule allows, for errors: {@code a non-blank name}
     * @return this builder
     */
    public Builder<T> check(Predicate<T> test, String allowed) {
      return check(new Check<>(test, allowed));
    }

    /**
     * Adds a rule.
     *
     * @param check the rule
     * @return this builder
     */
    public Builder<T> check(Check<T> check) {
      rules.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * What errors say is allowed, where the rules' own phrases do not say it whole.
     *
     * @param allowed the phrase
     * @return this builder
     */
    public Builder<T> allowed(String allowed) {
      this.allowed = allowed;
      return this;
    }

    /**
     * Deprecates the key: still accepted, with one warning per process saying why.
     *
     * @param why what the key did and what replaces it
     * @return this builder
     */
    public Builder<T> deprecated(String why) {
      this.deprecation = Objects.requireNonNull(why, "why");
      return this;
    }

    /**
     * Builds the row.
     *
     * @return the setting
     */
    public Setting<T> build() {
      return new Setting<>(this);
    }
  }
}
