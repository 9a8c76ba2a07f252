package dev.eventbus.kafka;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.internal.KafkaConfigTable;
import dev.eventbus.spi.Setting;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key of the {@code kafka} provider (under {@code eventbus.kafka.}): its name,
 * its default, what it does and whether it is secret, as {@link KafkaBrokerProvider} documents
 * them. Each constant reads the row of the adapter's configuration table of the same name ({@code
 * SSL_KEY_PASSWORD} is {@code ssl.key.password}), where the key is written once; {@link
 * KafkaBroker.Builder}'s setters and flat configuration ({@link #toBroker}) set the same rows.
 * Immutable and thread-safe.
 *
 * @deprecated every provider now hands out its rows the same way: use {@link
 *     KafkaBrokerProvider#settings()} (and {@link KafkaBrokerProvider#create} for {@link
 *     #toBroker}).
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public enum KafkaBrokerConfig {
  BOOTSTRAP_SERVERS,
  CLIENT_ID,
  TOPIC_PARTITIONS,
  TOPIC_REPLICATION_FACTOR,
  TOPIC_AUTO_CREATE,
  PRODUCER_LINGER,
  PRODUCER_BATCH_SIZE,
  PRODUCER_COMPRESSION,
  PRODUCER_CONTENT_MODE,
  PRODUCER_MAX_REQUEST_SIZE,
  PRODUCER_DELIVERY_TIMEOUT,
  CONSUMER_MAX_POLL_INTERVAL,
  CONSUMER_SESSION_TIMEOUT,
  CONSUMER_COMMIT_INTERVAL,
  SECURITY_PROTOCOL,
  SASL_MECHANISM,
  SASL_USERNAME,
  SASL_PASSWORD,
  SSL_TRUSTSTORE_LOCATION,
  SSL_TRUSTSTORE_PASSWORD,
  SSL_TRUSTSTORE_TYPE,
  SSL_KEYSTORE_LOCATION,
  SSL_KEYSTORE_PASSWORD,
  SSL_KEYSTORE_TYPE,
  SSL_KEY_PASSWORD,
  SSL_ENDPOINT_IDENTIFICATION,
  CLIENT_PROPERTY,
  GROUP_START_TIME;

  /** The prefix of every key as a user writes it. */
  public static final String PREFIX = KafkaConfigTable.PREFIX;

  private Setting<?> setting() {
    return KafkaConfigTable.TABLE.settings().get(ordinal()); // the constants are in table order
  }

  /**
   * {@return the key under {@code eventbus.kafka.}; {@code <...>} marks a part the user chooses}
   */
  public String key() {
    return setting().name();
  }

  /** {@return the default, as it would be written; empty when there is none} */
  public String defaultValue() {
    return setting().defaultText();
  }

  /** {@return what the key does: one or two sentences, Markdown} */
  public String description() {
    return setting().doc();
  }

  /**
   * {@return whether the value is a secret, never logged or shown} False for {@link
   * #CLIENT_PROPERTY}: there the property's kafka-clients type decides, and passwords are never
   * shown.
   */
  public boolean secret() {
    return setting().secret();
  }

  /**
   * The entry for a concrete key.
   *
   * @param key a key, for example {@code topic.partitions} or {@code client.linger.ms}
   * @return the entry, or empty for an unknown key
   */
  public static Optional<KafkaBrokerConfig> forKey(String key) {
    return Arrays.stream(values())
        .filter(c -> c.key().equals(key))
        .findFirst()
        .or(() -> Arrays.stream(values()).filter(c -> c.matches(key)).findFirst());
  }

  /** Whether this is a pattern ({@code client.<property>}) that matches the key. */
  private boolean matches(String key) {
    String[] around = key().split("<[^>]+>", -1);
    return around.length == 2
        && key.length() > around[0].length() + around[1].length()
        && key.startsWith(around[0])
        && key.endsWith(around[1]);
  }

  /**
   * Builds a broker from flat configuration.
   *
   * @param config keys of this table (without the {@code eventbus.kafka.} prefix) and values
   * @return the validated broker, not started
   * @throws ConfigurationException for an unknown key or an invalid value
   */
  public static KafkaBroker toBroker(Map<String, String> config) {
    return new KafkaBrokerProvider().create(config);
  }

  /** {@return the table as Markdown: key, type, default, what is allowed and meaning} */
  public static String markdownTable() {
    return KafkaConfigTable.TABLE.describe();
  }
}
