package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of one table as {@link ConfigurationSources#resolve} found them, each from the highest
 * source that has it, and where each was written, to name it in errors.
 */
final class ResolvedKeys {
  private final String prefix;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> origins = new HashMap<>();
  private final Map<String, String> outsideOrigins = new LinkedHashMap<>();

  ResolvedKeys(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Adds a key.
   *
   * @param written the key as written, without the prefix
   * @param name its row's name
   * @param value the value
   * @param origin where it was written, or null for code
   */
  void add(String written, String name, String value, String origin) {
    values.put(written, value);
    if (origin != null) {
      origins.put(written, origin);
      origins.put(name, origin);
      outsideOrigins.put(prefix + written, origin);
    }
  }

  /** {@return values by key as written, without the table's prefix} */
  Map<String, String> values() {
    return values;
  }

  /** {@return where each key read from outside the code was written, by key with prefix} */
  Map<String, String> outsideOrigins() {
    return outsideOrigins;
  }

  /**
   * Where a key was written.
   *
   * @param name the key without the prefix
   * @return the source, or null for code and {@code configure(Map)}
   */
  String origin(String name) {
    return origins.get(name);
  }

  /**
   * The error again, naming where the rejected value was written, if it was one of these keys.
   *
   * @param e the error of the table or the provider
   * @return the error with its source, or {@code e}
   */
  ConfigurationException withSource(ConfigurationException e) {
    String key = e.key();
    String origin =
        key != null && key.startsWith(prefix) ? origin(key.substring(prefix.length())) : null;
    return origin == null || e.source().isPresent() ? e : e.withSource(origin);
  }
}
