package dev.eventbus.kafka.internal;

import dev.eventbus.spi.ConfigKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * What a {@code client.<property>} may be, from the producer's, the consumer's and the admin
 * client's own {@link ConfigDef}s: a property one of them defines and the adapter does not set
 * itself, with a value that parses with the property's type and passes its validator. Every
 * pass-through property reaches all three clients, so a value is checked against each definition of
 * its name. Immutable and thread-safe.
 */
final class ClientPropertyDefinitions {
  /** Each name with its definitions, one per client that defines it. */
  private static final Map<String, List<ConfigDef.ConfigKey>> DEFINED = defined();

  /** Properties the adapter sets itself, so that its guarantees hold, and why. */
  private static final Map<String, String> RESERVED =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "use bootstrap-servers"),
          Map.entry("enable.idempotence", "the producer is always idempotent"),
          Map.entry("acks", "the producer always uses acks=all"),
          Map.entry("enable.auto.commit", "offsets are committed by the adapter"),
          Map.entry("group.id", "the group comes from the subscription"),
          Map.entry("auto.offset.reset", "use the group's start position"),
          Map.entry("key.serializer", "keys and values are bytes"),
          Map.entry("value.serializer", "keys and values are bytes"),
          Map.entry("key.deserializer", "keys and values are bytes"),
          Map.entry("value.deserializer", "keys and values are bytes"));

  // A quoted string (its closing quote may be missing), a word and whether "=" follows, or ";".
  private static final Pattern JAAS_TOKEN =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"?|([^\\s=;\"]+)(\\s*=)?|(;)");
  private static final Pattern CLASS_NAME =
      Pattern.compile("([A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*");
  private static final Set<String> JAAS_FLAGS =
      Set.of("required", "requisite", "sufficient", "optional");

  private ClientPropertyDefinitions() {}

  // Sorted, so that of two names as near to a misspelt one the same is suggested in every run.
  private static Map<String, List<ConfigDef.ConfigKey>> defined() {
    return Collections.unmodifiableMap(
        Stream.of(
                ProducerConfig.configDef(),
                ConsumerConfig.configDef(),
                AdminClientConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .collect(
                Collectors.groupingBy(k -> k.name, TreeMap::new, Collectors.toUnmodifiableList())));
  }

  private static boolean isPassword(String name) {
    return DEFINED.getOrDefault(name, List.of()).stream()
        .anyMatch(k -> k.type == ConfigDef.Type.PASSWORD);
  }

  /**
   * Whether a client property's value (name without {@code client.}) is hidden in errors and {@code
   * toString()}: when kafka-clients types it as a password. A name no client defines has no type;
   * its value is hidden if the name it most likely meant is a password, or if the name looks like a
   * secret's or an authentication setting's: such a property fails the build, and its error must
   * not carry a misfiled credential.
   */
  static boolean holdsSecret(String name) {
    if (DEFINED.containsKey(name)) {
      return isPassword(name);
    }
    return nearest(name).filter(ClientPropertyDefinitions::isPassword).isPresent()
        || ConfigKeys.looksSecret(name)
        || name.toLowerCase(Locale.ROOT).endsWith(".key")
        // Schema Registry's basic.auth.user.info (user:password) is often filed under client.*
        || name.toLowerCase(Locale.ROOT).contains("auth");
  }

  /**
   * The words of a {@code sasl.jaas.config} to hide besides the whole value: kafka-clients echoes
   * pieces of a value it cannot parse ({@code Invalid login module control flag '<a word of it>'}),
   * so every word but the login module class, the control flags and the option names is a secret,
   * quoted values also as the JAAS parser reads them.
   */
  static List<String> jaasSecretWords(String jaas) {
    List<String> words = new ArrayList<>();
    boolean entryStart = true;
    Matcher m = JAAS_TOKEN.matcher(jaas);
    while (m.find()) {
      String word = m.group(2);
      if (m.group(1) != null) {
        words.add(m.group(1));
        words.add(m.group(1).replaceAll("\\\\(.)", "$1"));
      } else if (word != null
          && m.group(3) == null
          && !JAAS_FLAGS.contains(word.toLowerCase(Locale.ROOT))
          && !(entryStart && CLASS_NAME.matcher(word).matches())) {
        words.add(word);
      }
      entryStart = m.group(4) != null;
    }
    return words;
  }

  /** The defined property an undefined name most likely meant, if one is close. */
  private static Optional<String> nearest(String name) {
    return ConfigKeys.nearest(name, DEFINED.keySet());
  }

  /**
   * Checks a property as the clients would when created: a defined name the adapter leaves to the
   * user, a value that each definition's type parses and its validator accepts.
   *
   * @throws ConfigKeys.InvalidValueException saying what is allowed; for a value a definition
   *     rejects, its cause is kafka's exception, except for a password, whose value kafka's message
   *     might carry
   */
  static void check(String name, String value) {
    if (RESERVED.containsKey(name)) {
      throw new ConfigKeys.InvalidValueException("no value: " + RESERVED.get(name));
    }
    if (value == null) {
      throw new ConfigKeys.InvalidValueException("a value");
    }
    if (!DEFINED.containsKey(name)) {
      String prefix = KafkaConfigTable.TABLE.qualified("client.");
      throw new ConfigKeys.InvalidValueException(
          nearest(name)
              .map(n -> "a property kafka-clients defines: did you mean " + prefix + n + "?")
              .orElse("a property the kafka-clients producer, consumer or admin client defines"));
    }
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
