package dev.eventbus.spi;

import dev.eventbus.ConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration keys of the bus or of one broker, as typed rows ({@link Setting}): the one
 * place each key's type, default, rules, documentation and secrecy are written. From the rows come
 * the parsing of flat configuration ({@link #apply}), the checks when a broker is built ({@link
 * #validate}, for values from flat configuration and from builder setters alike), the errors
 * (naming the key as the user wrote it, the value unless it is a secret, and what is allowed), the
 * redacted {@link SettingValues#toString()} and the reference table in the documentation ({@link
 * #describe()}).
 *
 * <p>Names are kebab-case ({@code ack-batch-size}); each key's camelCase spelling ({@code
 * ackBatchSize}) is accepted as a deprecated alias for one release, with one warning per alias per
 * process, and setting both spellings is an error. Unknown keys are rejected with the nearest known
 * key.
 *
 * <p>Immutable and thread-safe.
 */
public final class SettingTable {
  private static final Logger log = LoggerFactory.getLogger(SettingTable.class);
  private static final Pattern KEBAB =
      Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*(\\.<[a-z-]+>(\\.[a-z0-9]+([.-][a-z0-9]+)*)?)?");
  // Aliases already warned about, qualified: one warning per alias per process.
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private final String prefix;
  private final List<Setting<?>> settings;
  private final Map<String, Setting<?>> byName = new LinkedHashMap<>();
  private final Map<String, Setting<?>> byAlias = new LinkedHashMap<>();
  private final List<Setting<?>> patterns = new ArrayList<>();

  /**
   * A table.
   *
   * @param prefix the prefix of every key as a user writes it: {@code eventbus.rabbitmq.}
   * @param settings the rows, in documentation order; flat configuration is applied in this order
   */
  public SettingTable(String prefix, List<Setting<?>> settings) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.settings = List.copyOf(settings);
    for (Setting<?> s : this.settings) {
      if (!KEBAB.matcher(s.name()).matches()) {
        throw new IllegalArgumentException(
            "configuration key " + s.name() + " is not kebab-case (lower case words and dashes)");
      }
      if (byName.put(s.name(), s) != null) {
        throw new IllegalArgumentException("duplicate configuration key " + s.name());
      }
      if (s.isPattern()) {
        patterns.add(s);
      }
    }
    for (Setting<?> s : this.settings) {
      String alias = ConfigKeys.camelCase(s.name());
      if (!s.isPattern() && !alias.equals(s.name()) && !byName.containsKey(alias)) {
        byAlias.put(alias, s);
      }
    }
  }

  /**
   * The rows, in documentation order.
   *
   * @return an unmodifiable list
   */
  public List<Setting<?>> settings() {
    return settings;
  }

  /**
   * The prefix of every key.
   *
   * @return for example {@code eventbus.rabbitmq.}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * A key as a user writes it.
   *
   * @param name the key without the prefix
   * @return the prefix and the name
   */
  public String qualified(String name) {
    return prefix + name;
  }

  /**
   * Values with nothing set: every row at its default.
   *
   * @return new values of this table
   */
  public SettingValues values() {
    return new SettingValues(this);
  }

  /** Fails unless the row is one of this table's. */
  void require(Setting<?> setting) {
    if (byName.get(setting.name()) != setting) {
      throw new IllegalArgumentException(setting + " is not a key of " + prefix + "*");
    }
  }

  /**
   * Sets values from flat configuration, in table order, values trimmed.
   *
   * @param config values by key without the prefix
   * @param values the values to set
   * @throws ConfigurationException for an unknown key (with its value and the nearest known key), a
   *     key set under both its names, or a value that does not parse (named as the user wrote them,
   *     the value shown unless the key is secret)
   */
  public void apply(Map<String, String> config, SettingValues values) {
    if (values.table() != this) {
      throw new IllegalArgumentException("values of another table");
    }
    // The name each row was written with: its own, or its deprecated camelCase alias.
    Map<Setting<?>, String> written = new LinkedHashMap<>();
    Map<Setting<?>, List<String>> patternKeys = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : config.entrySet()) {
      String name = e.getKey();
      Setting<?> s = byName.get(name);
      if (s != null && s.isPattern()) {
        throw new ConfigurationException(
            qualified(name),
            s.secret() ? ConfigKeys.shownSecret(e.getValue()) : e.getValue(),
            "a key with a name in place of " + name.substring(name.indexOf('<')));
      }
      if (s == null) {
        s = byAlias.get(name);
      }
      if (s == null) {
        Setting<?> pattern = pattern(name);
        if (pattern == null) {
          throw unknown(name, e.getValue());
        }
        patternKeys.computeIfAbsent(pattern, p -> new ArrayList<>()).add(name);
        continue;
      }
      String before = written.put(s, name);
      if (before != null) {
        throw new ConfigurationException(
            qualified(name),
            "both " + qualified(before) + " and " + qualified(name) + " are set",
            "one of them ("
                + qualified(name)
                + " is the deprecated spelling of "
                + qualified(s.name())
                + ")");
      }
    }
    for (Setting<?> s : settings) {
      String name = written.get(s);
      if (name != null) {
        if (s.deprecation() != null && WARNED.add(qualified(name))) {
          log.warn(
              "Configuration key {} is deprecated and will be removed: {}",
              qualified(name),
              s.deprecation());
        } else if (!name.equals(s.name()) && WARNED.add(qualified(name))) {
          log.warn(
              "Configuration key {} is deprecated and will be removed; use {}",
              qualified(name),
              qualified(s.name()));
        }
        setParsed(s, name, config.get(name), values);
      }
      for (String key : patternKeys.getOrDefault(s, List.of())) {
        putParsed(s, key, config.get(key), values);
      }
    }
  }

  private Setting<?> pattern(String name) {
    for (Setting<?> p : patterns) {
      if (p.match(name) != null) {
        return p;
      }
    }
    return null;
  }

  private <T> void setParsed(Setting<T> s, String written, String raw, SettingValues values) {
    values.set(s, parse(s, written, raw));
  }

  private <T> void putParsed(Setting<T> s, String key, String raw, SettingValues values) {
    values.put(s, s.match(key), parse(s, key, raw));
  }

  private <T> T parse(Setting<T> s, String written, String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return s.type().parse(raw.trim());
    } catch (ConfigKeys.InvalidValueException e) {
      throw new ConfigurationException(
          qualified(written), s.secret() ? ConfigKeys.shownSecret(raw) : raw, e.allowed());
    }
  }

  /**
   * Checks every value against its row's rules.
   *
   * @param values the values of this table
   * @throws ConfigurationException for the first value in table order that a rule rejects, or a
   *     required value that is missing
   */
  public void validate(SettingValues values) {
    if (values.table() != this) {
      throw new IllegalArgumentException("values of another table");
    }
    for (Setting<?> s : settings) {
      check(s, values);
    }
  }

  /**
   * Checks one value against its row's rules, for builders that reject a value when it is set.
   *
   * @param setting a row of this table
   * @param value the value
   * @param <T> the value type
   * @return the value
   * @throws ConfigurationException if a rule rejects it, or it is null for a row that needs one
   */
  public <T> T check(Setting<T> setting, T value) {
    require(setting);
    String allowed = setting.violation(value, true);
    if (allowed != null) {
      throw new ConfigurationException(qualified(setting.name()), setting.shown(value), allowed);
    }
    return value;
  }

  /**
   * Whether a key (without the prefix) is one of this table's, by its name, its deprecated spelling
   * or a pattern.
   *
   * @param name the key
   * @return true if known
   */
  public boolean knows(String name) {
    return byName.containsKey(name) || byAlias.containsKey(name) || pattern(name) != null;
  }

  /**
   * The name a key is known by, so that values of one key from several sources can be compared: its
   * row's name for the row's own name and its deprecated spelling, the key itself for a key of a
   * pattern.
   *
   * @param name a key without the prefix
   * @return the name, or empty if no row knows the key
   */
  public Optional<String> canonicalName(String name) {
    Setting<?> s = byName.containsKey(name) ? byName.get(name) : byAlias.get(name);
    if (s != null && !s.isPattern()) {
      return Optional.of(s.name());
    }
    return pattern(name) != null ? Optional.of(name) : Optional.empty();
  }

  /**
   * The error for a key this table does not know, with the nearest known key.
   *
   * @param name the key without the prefix
   * @param value its value, shown unless the nearest key is a secret
   * @param otherwise what else the key could have been, for the message; empty for nothing
   * @return the exception
   */
  public ConfigurationException unknownKey(String name, String value, String otherwise) {
    List<String> known = new ArrayList<>(byName.keySet());
    String nearest = ConfigKeys.nearest(name, known).orElse(null);
    String allowed =
        (nearest != null
                ? "a known key: did you mean "
                    + qualified(nearest)
                    + "? Known keys under "
                    + prefix
                    + ": "
                : "a known key under " + prefix + ": ")
            + known
            + (otherwise.isEmpty() ? "" : ", " + otherwise);
    // A misspelt secret key is still a secret.
    boolean hide = nearest != null && byName.get(nearest).secret() || ConfigKeys.looksSecret(name);
    return new ConfigurationException(
        qualified(name), hide ? ConfigKeys.shownSecret(value) : value, allowed);
  }

  private <T> void check(Setting<T> s, SettingValues values) {
    if (s.isPattern()) {
      for (Map.Entry<String, T> e : values.getAll(s).entrySet()) {
        String allowed = s.violation(e.getValue(), true);
        if (allowed != null) {
          throw new ConfigurationException(
              qualified(s.key(e.getKey())), s.shown(e.getKey(), e.getValue()), allowed);
        }
      }
      return;
    }
    T value = values.get(s);
    String allowed = s.violation(value, values.explicit(s));
    if (allowed != null) {
      throw new ConfigurationException(qualified(s.name()), s.shown(value), allowed);
    }
  }

  private ConfigurationException unknown(String name, String value) {
    return unknownKey(name, value, "");
  }

  /**
   * The reference table in Markdown: key, type, default, what is allowed and meaning of every row.
   *
   * @return the table, one line per key
   */
  public String describe() {
    StringBuilder sb =
        new StringBuilder(
            "| key | type | default | allowed | meaning |\n| --- | --- | --- | --- | --- |\n");
    for (Setting<?> s : settings) {
      sb.append("| `")
          .append(qualified(s.name()))
          .append("` | ")
          .append(s.secret() && s.type() == Setting.STRING ? "secret" : s.type().name())
          .append(" | ")
          .append(s.defaultText())
          .append(" | ")
          .append(s.allowedText())
          .append(" | ")
          .append(s.deprecation() == null ? "" : "Deprecated: " + s.deprecation() + " ")
          .append(s.doc())
          .append(" |\n");
    }
    return sb.toString();
  }
}
