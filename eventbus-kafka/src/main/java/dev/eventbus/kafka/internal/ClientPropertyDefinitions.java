package dev.eventbus.kafka.internal;

import dev.eventbus.spi.ConfigKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The client properties kafka-clients defines, from the producer's, the consumer's and the admin
 * client's own {@link ConfigDef}s: which names exist, which are passwords, and whether a value
 * parses with a property's type and passes its validator. Every pass-through property reaches all
 * three clients, so a value is checked against each definition of its name. Immutable and
 * thread-safe.
 */
final class ClientPropertyDefinitions {
  /** Each name with its definitions, one per client that defines it. */
  private static final Map<String, List<ConfigDef.ConfigKey>> DEFINED = defined();

  private ClientPropertyDefinitions() {}

  private static Map<String, List<ConfigDef.ConfigKey>> defined() {
    Map<String, List<ConfigDef.ConfigKey>> defined = new TreeMap<>();
    for (ConfigDef def :
        List.of(
            ProducerConfig.configDef(),
            ConsumerConfig.configDef(),
            AdminClientConfig.configDef())) {
      def.configKeys()
          .values()
          .forEach(k -> defined.computeIfAbsent(k.name, n -> new ArrayList<>()).add(k));
    }
    defined.replaceAll((name, keys) -> List.copyOf(keys));
    return Map.copyOf(defined);
  }

  static boolean isDefined(String name) {
    return DEFINED.containsKey(name);
  }

  private static boolean isPassword(String name) {
    return DEFINED.getOrDefault(name, List.of()).stream()
        .anyMatch(k -> k.type == ConfigDef.Type.PASSWORD);
  }

  /**
   * Whether a client property's value (name without {@code client.}) is hidden in errors and {@code
   * toString()}: when kafka-clients types it as a password. A name no client defines has no type;
   * its value is hidden if the name it most likely meant is a password, or if the name looks like a
   * secret's: such a property fails the build, and its error must not carry a misfiled credential.
   */
  static boolean holdsSecret(String name) {
    if (isDefined(name)) {
      return isPassword(name);
    }
    return nearest(name).filter(ClientPropertyDefinitions::isPassword).isPresent()
        || ConfigKeys.looksSecret(name)
        || name.toLowerCase(Locale.ROOT).endsWith(".key");
  }

  /** The defined property an undefined name most likely meant, if one is close. */
  static Optional<String> nearest(String name) {
    return ConfigKeys.nearest(name, DEFINED.keySet());
  }

  /**
   * Parses a value with the type of each definition of the property and runs its validator, as the
   * client would when created.
   *
   * @throws ConfigKeys.InvalidValueException saying what the failing definition allows; its cause
   *     is kafka's exception, except for a password, whose value kafka's message might carry
   */
  static void check(String name, String value) {
    for (ConfigDef.ConfigKey key : DEFINED.get(name)) {
      try {
        Object parsed = ConfigDef.parseType(name, value, key.type);
        if (key.validator != null) {
          key.validator.ensureValid(name, parsed);
        }
      } catch (ConfigException e) {
        ConfigKeys.InvalidValueException invalid =
            new ConfigKeys.InvalidValueException(allowed(key));
        if (key.type != ConfigDef.Type.PASSWORD) {
          invalid.initCause(e);
        }
        throw invalid;
      }
    }
  }

  /** What a definition allows: its type, and the rule of its validator where it has one. */
  private static String allowed(ConfigDef.ConfigKey key) {
    String type =
        switch (key.type) {
          case BOOLEAN -> "true or false";
          case SHORT -> "a 16-bit integer";
          case INT -> "a 32-bit integer";
          case LONG -> "a 64-bit integer";
          case DOUBLE -> "a number";
          case LIST -> "a comma-separated list";
          case CLASS -> "the name of a class on the class path";
          case STRING, PASSWORD -> "a string";
        };
    return key.validator == null ? type : type + " (kafka-clients allows " + key.validator + ")";
  }
}
