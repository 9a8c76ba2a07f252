package dev.eventbus.spi;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The values of one {@link SettingTable}, as a builder collects them: what was set, and the rows'
 * defaults for the rest. A builder's setters and flat configuration ({@link SettingTable#apply})
 * set the same rows; {@link SettingTable#validate} checks them all when the broker is built. {@link
 * #toString()} shows every value, secrets redacted.
 *
 * <p>Not thread-safe while being filled in; a builder hands the values to its broker once.
 */
public final class SettingValues {
  private final SettingTable table;
  private final Map<Setting<?>, Object> set = new HashMap<>();
  private final Map<Setting<?>, Map<String, Object>> patterns = new HashMap<>();

  SettingValues(SettingTable table) {
    this.table = table;
  }

  /**
   * The table these values belong to.
   *
   * @return the table
   */
  public SettingTable table() {
    return table;
  }

  /**
   * Sets a value; it is checked by {@link SettingTable#validate}, not here.
   *
   * @param setting a row of this table
   * @param value the value; null unsets a key without default, and is missing for one with
   * @param <T> the value type
   * @return these values
   */
  public <T> SettingValues set(Setting<T> setting, T value) {
    table.require(setting);
    if (setting.isPattern()) {
      throw new IllegalArgumentException(setting + " is a pattern: use put");
    }
    set.put(setting, value);
    return this;
  }

  /**
   * Sets the value of one name of a pattern row ({@code client.<property>}).
   *
   * @param setting a pattern row of this table
   * @param name the name in the placeholder
   * @param value the value
   * @param <T> the value type
   * @return these values
   */
  public <T> SettingValues put(Setting<T> setting, String name, T value) {
    table.require(setting);
    if (!setting.isPattern()) {
      throw new IllegalArgumentException(setting + " is not a pattern: use set");
    }
    patterns.computeIfAbsent(setting, s -> new LinkedHashMap<>()).put(name, value);
    return this;
  }

  /**
   * The value: the one set, else the default.
   *
   * @param setting a row of this table
   * @param <T> the value type
   * @return the value, or null if none is set and there is no default
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    table.require(setting);
    return set.containsKey(setting) ? (T) set.get(setting) : setting.defaultValue();
  }

  /**
   * Whether a value was set, rather than defaulted.
   *
   * @param setting a row of this table
   * @return true if set (to null too)
   */
  public boolean isSet(Setting<?> setting) {
    return set.containsKey(setting);
  }

  /**
   * The values of a pattern row, by the name in the placeholder, in the order they were set.
   *
   * @param setting a pattern row of this table
   * @param <T> the value type
   * @return an unmodifiable map, empty if none
   */
  @SuppressWarnings("unchecked")
  public <T> Map<String, T> getAll(Setting<T> setting) {
    table.require(setting);
    Map<String, Object> values = patterns.get(setting);
    return values == null
        ? Map.of()
        : (Map<String, T>) Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * A copy, for what a built broker keeps: later changes to these values do not reach it.
   *
   * @return new values of the same table, with the same values set
   */
  public SettingValues copy() {
    SettingValues c = new SettingValues(table);
    c.set.putAll(set);
    patterns.forEach((s, values) -> c.patterns.put(s, new LinkedHashMap<>(values)));
    return c;
  }

  /** For validation: a row's explicitly set value, whether it was set. */
  boolean explicit(Setting<?> setting) {
    return set.containsKey(setting);
  }

  /**
   * Every value by key, as errors and logs may show them: secrets redacted, unset keys without a
   * default and deprecated keys nobody set left out.
   *
   * @return {@code {host=localhost, password=<redacted>, ...}}
   */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    for (Setting<?> s : table.settings()) {
      show(s, shown);
    }
    return shown.toString();
  }

  private <T> void show(Setting<T> s, Map<String, String> shown) {
    if (s.isPattern()) {
      new TreeMap<>(getAll(s)).forEach((name, v) -> shown.put(s.key(name), s.shown(name, v)));
      return;
    }
    if (s.deprecation() != null && !isSet(s)) {
      return; // a deprecated key shows only where it was set
    }
    T value = get(s);
    if (value != null) {
      shown.put(s.name(), s.shown(value));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingValues v
        && v.table == table
        && v.set.equals(set)
        && v.patterns.equals(patterns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(set, patterns);
  }
}
