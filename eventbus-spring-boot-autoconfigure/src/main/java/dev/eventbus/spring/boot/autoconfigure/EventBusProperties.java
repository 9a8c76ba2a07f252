package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.spi.SettingValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The {@code eventbus.*} properties of a Spring {@code Environment}, as the flat keys the bus's
 * {@code configure(Map)} takes: every property source that lists its names ({@code
 * application.yml}, {@code .properties}, profiles, system properties, command-line arguments), each
 * value as the {@code Environment} resolves it (the highest source wins, placeholders resolved);
 * and every key {@link KnownKeys} knows that only a source without such a list holds, such as the
 * environment variable {@code EVENTBUS_PUBLISH_TIMEOUT}, which Spring reads for {@code
 * eventbus.publish.timeout}. A YAML list ({@code key[0]}, {@code key[1]}) becomes one
 * comma-separated value. The starter's own keys ({@link StarterSettings}) are split off and parsed
 * here.
 *
 * <p>Immutable once read; the {@code @EventBusTest} harness reads the same keys.
 */
public final class EventBusProperties {
  private static final String PREFIX = "eventbus.";
  private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

  private final Map<String, String> busKeys;
  private final SettingValues starter;

  private EventBusProperties(Map<String, String> busKeys, SettingValues starter) {
    this.busKeys = Collections.unmodifiableMap(busKeys);
    this.starter = starter;
  }

  /**
   * Reads the properties.
   *
   * @param environment the application's environment
   * @return the bus's keys and the starter's values
   * @throws dev.eventbus.ConfigurationException if a starter key's value is not allowed
   */
  public static EventBusProperties read(ConfigurableEnvironment environment) {
    Map<String, String> all = new TreeMap<>();
    Map<String, TreeMap<Integer, String>> lists = new TreeMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> names)) {
        continue;
      }
      for (String name : names.getPropertyNames()) {
        if (!name.startsWith(PREFIX) || all.containsKey(name)) {
          continue;
        }
        String value = environment.getProperty(name);
        Matcher indexed = INDEXED.matcher(name);
        if (indexed.matches()) {
          lists
              .computeIfAbsent(indexed.group(1), k -> new TreeMap<>())
              .putIfAbsent(Integer.parseInt(indexed.group(2)), value);
        }
        all.put(name, value == null ? "" : value);
      }
    }
    for (String key : KnownKeys.names()) {
      if (!all.containsKey(key)) {
        String value = environment.getProperty(key);
        if (value != null) {
          all.put(key, value);
        }
      }
    }
    lists.forEach(
        (key, items) -> {
          all.keySet().removeIf(k -> k.startsWith(key + "["));
          all.putIfAbsent(key, String.join(",", items.values()));
        });
    return split(all);
  }

  private static EventBusProperties split(Map<String, String> all) {
    Map<String, String> bus = new LinkedHashMap<>();
    Map<String, String> own = new LinkedHashMap<>();
    all.forEach(
        (key, value) -> {
          String rest = key.substring(PREFIX.length());
          if (StarterSettings.TABLE.knows(rest)) {
            own.put(rest, value);
          } else {
            bus.put(key, value);
          }
        });
    SettingValues starter = StarterSettings.TABLE.values();
    StarterSettings.TABLE.apply(own, starter);
    StarterSettings.TABLE.validate(starter);
    return new EventBusProperties(bus, starter);
  }

  /**
   * {@return the keys for the bus's {@code configure(Map)}, with their {@code eventbus.} prefix}
   */
  public Map<String, String> busKeys() {
    return busKeys;
  }

  /** {@return the starter's own values} */
  SettingValues starter() {
    return starter;
  }
}
