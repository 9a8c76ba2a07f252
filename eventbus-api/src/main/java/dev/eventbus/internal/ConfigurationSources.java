package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flat configuration of a bus and where each value was written, highest precedence first: the
 * maps given to {@code configure(Map)} (a later call over an earlier one), then, once {@code
 * configureFromEnvironment()} was called, system properties, environment variables and the
 * properties file that {@value #FILE_PROPERTY} or {@value #FILE_VARIABLE} names. The builder's
 * setters outrank them all: the builder leaves the keys it set out of {@link #resolve}.
 *
 * <p>Each key takes the value of the highest source that has it, spelt in any of its table's ways;
 * the table then parses and checks it, and an error names where it was written. Keys of the bus and
 * of the broker in use are checked against their tables; keys of another broker provider on the
 * class path are ignored, so that one file can hold several brokers' keys and the environment pick
 * one. An unknown key is an error in a map, a system property or the file; an environment variable
 * that matches no key is ignored with a warning (the environment is shared with everything else in
 * the process's container), when it is under the broker's name or looks like a misspelt key.
 */
final class ConfigurationSources {
  static final String FILE_PROPERTY = "eventbus.config";
  static final String FILE_VARIABLE = "EVENTBUS_CONFIG";
  static final String PREFIX = "eventbus.";
  private static final String VARIABLE_PREFIX = "EVENTBUS_";
  private static final Logger log = LoggerFactory.getLogger(ConfigurationSources.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private final List<Source> configured = new ArrayList<>(); // newest first
  private final List<Source> outside = new ArrayList<>(); // system properties, environment, file

  /** One source's keys: flat ({@code eventbus.kafka.bootstrap-servers}) or variables. */
  private record Source(String kind, Map<String, String> values, boolean variables) {
    /** Where a key of this source was written, for errors; null for code. */
    String origin(String written) {
      if (kind == null) {
        return null;
      }
      return kind.startsWith("properties file") ? kind : kind + " " + written;
    }
  }

  /** One value, by the key as its source wrote it without the table's prefix. */
  private record Entry(String written, String value, String origin) {}

  /**
   * Adds the {@code eventbus.*} keys of a {@code configure(Map)} call above the earlier ones.
   *
   * @param properties the map as given; other keys are ignored
   */
  void configure(Map<String, String> properties) {
    configured.add(0, new Source(null, eventbusKeys(properties), false));
  }

  /**
   * Reads system properties, environment variables and the properties file they name, in place of
   * what an earlier call read.
   *
   * @param systemProperties the system properties
   * @param environment the environment variables
   * @param providers the names of the broker providers on the class path
   * @throws ConfigurationException if the file cannot be read, or a system property or the file
   *     holds a key that is neither the bus's nor under a provider's name
   */
  void readOutside(
      Map<String, String> systemProperties,
      Map<String, String> environment,
      Collection<String> providers) {
    Map<String, String> properties = eventbusKeys(systemProperties);
    String fileFromProperty = properties.remove(FILE_PROPERTY);
    Map<String, String> variables = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.toUpperCase(Locale.ROOT).startsWith(VARIABLE_PREFIX)) {
            variables.put(name.toUpperCase(Locale.ROOT), value);
          }
        });
    String fileFromVariable = variables.remove(FILE_VARIABLE);
    List<Source> read = new ArrayList<>();
    read.add(new Source("system property", properties, false));
    read.add(new Source("environment variable", variables, true));
    if (fileFromProperty != null && !fileFromProperty.isBlank()) {
      read.add(readFile(fileFromProperty, "system property " + FILE_PROPERTY));
    } else if (fileFromVariable != null && !fileFromVariable.isBlank()) {
      read.add(readFile(fileFromVariable, "environment variable " + FILE_VARIABLE));
    }
    for (Source s : read) {
      if (!s.variables()) {
        checkNamespaces(s, providers);
      }
    }
    outside.clear();
    outside.addAll(read);
  }

  private static Source readFile(String path, String namedBy) {
    Properties p = new Properties();
    Path file = Path.of(path.trim());
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
              FILE_PROPERTY,
              path,
              "the path of a readable properties file (UTF-8): " + e.getClass().getSimpleName())
          .withSource(namedBy);
    }
    Map<String, String> values = new HashMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
    String kind = "properties file " + file.toAbsolutePath().normalize();
    if (values.containsKey(FILE_PROPERTY)) {
      throw new ConfigurationException(
              FILE_PROPERTY,
              values.get(FILE_PROPERTY),
              "no key of a properties file: the file is named by the system property "
                  + FILE_PROPERTY
                  + " or the environment variable "
                  + FILE_VARIABLE)
          .withSource(kind);
    }
    return new Source(kind, eventbusKeys(values), false);
  }

  /** Fails for a key that is neither the bus's nor under a broker provider's name. */
  private static void checkNamespaces(Source s, Collection<String> providers) {
    for (Map.Entry<String, String> e : s.values().entrySet()) {
      String rest = e.getKey().substring(PREFIX.length());
      if (!BusSettings.TABLE.knows(rest)
          && !GroupSettings.knows(rest)
          && providerOf(rest, providers) == null) {
        throw unknown(rest, e.getValue(), providers).withSource(s.origin(e.getKey()));
      }
    }
  }

  /**
   * The error for a flat key that is neither the bus's nor under a provider's name.
   *
   * @param rest the key without {@code eventbus.}
   * @param value its value, shown unless the key looks like a secret's
   * @param providers the provider names on the class path
   * @return the exception
   */
  static ConfigurationException unknown(String rest, String value, Collection<String> providers) {
    return BusSettings.TABLE.unknownKey(
        rest, value, "or a key under eventbus.<broker>. of a broker provider: " + providers);
  }

  /** The provider whose name a key (without {@code eventbus.}) starts with, or null. */
  static String providerOf(String rest, Collection<String> providers) {
    for (String p : providers) {
      if (rest.startsWith(p + ".")) {
        return p;
      }
    }
    return null;
  }

  /**
   * Whether any source has a key under a broker's name.
   *
   * @param broker the provider name
   * @return true if one has
   */
  boolean hasKeysOf(String broker) {
    String flat = PREFIX + broker + ".";
    String variable = variableName(flat);
    for (Source s : sources()) {
      String start = s.variables() ? variable : flat;
      if (s.values().keySet().stream().anyMatch(k -> k.startsWith(start))) {
        return true;
      }
    }
    return false;
  }

  private List<Source> sources() {
    List<Source> all = new ArrayList<>(configured);
    all.addAll(outside);
    return all;
  }

  /**
   * The keys of one table: the bus's ({@code eventbus.}) or a broker's ({@code eventbus.<name>.}).
   *
   * @param namespace {@code eventbus.} or {@code eventbus.<name>.}
   * @param table the rows
   * @param top values above every source, without the prefix (a broker's keys given in code)
   * @param skip names of rows set in code, left out
   * @return each key's value from the highest source that has it
   * @throws ConfigurationException for a flat key under a broker's name that its table does not
   *     know
   */
  ResolvedKeys resolve(
      String namespace, SettingTable table, Map<String, String> top, Set<String> skip) {
    boolean bus = namespace.equals(PREFIX);
    Map<String, Integer> owner = new HashMap<>();
    ResolvedKeys resolved = new ResolvedKeys(table.prefix());
    List<List<Entry>> layers = new ArrayList<>();
    List<Entry> given = new ArrayList<>();
    top.forEach((k, v) -> given.add(new Entry(k, v, null)));
    layers.add(given);
    for (Source s : sources()) {
      layers.add(entries(s, namespace, table, bus));
    }
    for (int i = 0; i < layers.size(); i++) {
      for (Entry e : layers.get(i)) {
        String name = table.settings().isEmpty() ? e.written() : canonical(table, e);
        if (skip.contains(name)) {
          continue;
        }
        Integer first = owner.putIfAbsent(name, i);
        if (first == null || first == i) {
          resolved.add(e.written(), name, e.value(), e.origin());
        }
      }
    }
    return resolved;
  }

  private static String canonical(SettingTable table, Entry e) {
    return table
        .canonicalName(e.written())
        .orElseThrow(() -> withOrigin(table.unknownKey(e.written(), e.value(), ""), e.origin()));
  }

  private static ConfigurationException withOrigin(ConfigurationException e, String origin) {
    return origin == null ? e : e.withSource(origin);
  }

  /** A source's values under a namespace; variables are named by their keys in the table. */
  private static List<Entry> entries(Source s, String namespace, SettingTable table, boolean bus) {
    List<Entry> entries = new ArrayList<>();
    if (s.variables()) {
      String start = variableName(namespace);
      s.values()
          .forEach(
              (name, value) -> {
                String key =
                    name.startsWith(start) ? keyOf(table, name.substring(start.length())) : null;
                if (key != null) {
                  entries.add(new Entry(key, value, s.origin(name)));
                }
              });
      return entries;
    }
    s.values()
        .forEach(
            (key, value) -> {
              if (key.startsWith(namespace)) {
                String rest = key.substring(namespace.length());
                if (!bus || table.knows(rest)) { // the bus's own table, or the groups' one
                  entries.add(new Entry(rest, value, s.origin(key)));
                }
              }
            });
    return entries;
  }

  /**
   * Warns once per process about each environment variable under the bus's name that matched no key
   * of the bus or of the broker in use, when it is under that broker's name or looks like a
   * misspelt bus key. Other variables are someone else's.
   *
   * @param broker the broker in use, or null
   * @param table its rows, or null
   * @param providers the provider names on the class path
   */
  void warnAboutUnmatchedVariables(
      String broker, SettingTable table, Collection<String> providers) {
    String brokerStart = broker == null ? null : variableName(PREFIX + broker + ".");
    for (Source s : outside) {
      if (!s.variables()) {
        continue;
      }
      for (String name : s.values().keySet()) {
        String rest = name.substring(VARIABLE_PREFIX.length());
        if (keyOf(BusSettings.TABLE, rest) != null || keyOf(GroupSettings.TABLE, rest) != null) {
          continue;
        }
        if (brokerStart != null && name.startsWith(brokerStart)) {
          String own = name.substring(brokerStart.length());
          if (table == null || keyOf(table, own) == null) {
            warn(name, brokerStart, table == null ? List.of() : table.settings(), own, broker);
          }
        } else if (otherProvider(name, providers) == null) {
          warn(name, VARIABLE_PREFIX, BusSettings.TABLE.settings(), rest, null);
        }
      }
    }
  }

  private static String otherProvider(String variable, Collection<String> providers) {
    for (String p : providers) {
      if (variable.startsWith(variableName(PREFIX + p + "."))) {
        return p;
      }
    }
    return null;
  }

  private static void warn(
      String variable, String start, List<Setting<?>> rows, String rest, String broker) {
    List<String> known = new ArrayList<>();
    for (Setting<?> s : rows) {
      if (!s.isPattern()) {
        known.add(variableName(s.name()));
      }
    }
    String nearest = ConfigKeys.nearest(rest, known).map(k -> start + k).orElse(null);
    if ((broker != null || nearest != null) && WARNED.add(variable)) {
      log.warn(
          "Environment variable {} matches no configuration key{}{}; it is ignored",
          variable,
          broker == null ? "" : " of eventbus." + broker + ".*",
          nearest == null ? "" : " (did you mean " + nearest + "?)");
    }
  }

  /** The key of a table that a variable (without its namespace's start) stands for, or null. */
  static String keyOf(SettingTable table, String rest) {
    for (Setting<?> s : table.settings()) {
      if (!s.isPattern() && variableName(s.name()).equals(rest)) {
        return s.name();
      }
    }
    for (Setting<?> s : table.settings()) {
      String name = s.name();
      int open = name.indexOf('<');
      if (open < 0) {
        continue;
      }
      String start = variableName(name.substring(0, open));
      String end = variableName(name.substring(name.indexOf('>') + 1));
      if (rest.length() > start.length() + end.length()
          && rest.startsWith(start)
          && rest.endsWith(end)) {
        String inner = rest.substring(start.length(), rest.length() - end.length());
        return name.substring(0, open)
            + inner.toLowerCase(Locale.ROOT).replace('_', '.')
            + name.substring(name.indexOf('>') + 1);
      }
    }
    return null;
  }

  /**
   * The environment variable of a key: upper case, every other character than a letter or digit an
   * underscore ({@code eventbus.kafka.bootstrap-servers} is {@code
   * EVENTBUS_KAFKA_BOOTSTRAP_SERVERS}).
   *
   * @param key the key
   * @return the variable's name
   */
  static String variableName(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static Map<String, String> eventbusKeys(Map<String, String> properties) {
    Map<String, String> keys = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k.startsWith(PREFIX)) {
            keys.put(k, v);
          }
        });
    return keys;
  }
}
