package dev.eventbus.kafka;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.internal.KafkaConfigTable;
import dev.eventbus.spi.Setting;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key of the {@code kafka} provider, one constant per row of {@link
 * KafkaBrokerProvider#settings()} in its order ({@code SSL_KEY_PASSWORD} is {@code
 * ssl.key.password}). Immutable and thread-safe.
 *
 * @deprecated use {@link KafkaBrokerProvider#settings()} and {@link KafkaBrokerProvider#create}
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
  TOPIC_CONTENT_MODE,
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

  /** {@return the key under {@code eventbus.kafka.}; {@code <...>} marks a part one chooses} */
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
   * {@return whether the value is a secret, never shown} False for {@link #CLIENT_PROPERTY}, whose
   * values kafka-clients types as passwords are never shown.
   */
  public boolean secret() {
    return setting().secret();
  }

  /** {@return the entry of a key such as {@code client.linger.ms}, or empty for an unknown one} */
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
   * {@return a broker, not started, from keys without the prefix and their values}
   *
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
