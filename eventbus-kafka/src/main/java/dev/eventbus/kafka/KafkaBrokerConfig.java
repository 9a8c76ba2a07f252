package dev.eventbus.kafka;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.internal.KafkaConfigTable;
import dev.eventbus.spi.Setting;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key of the {@code kafka} provider (under {@code eventbus.kafka.}): its name,
 * its default, what it does and whether it is secret. Each constant reads one row of the adapter's
 * configuration table, where the key's type, default, range and documentation are written once;
 * {@link KafkaBroker.Builder}'s setters and flat configuration ({@link #toBroker}) set the same
 * rows, and the reference documentation is generated from them with {@link #markdownTable()}.
 *
 * <pre>{@code
 * eventbus.broker=kafka
 * eventbus.kafka.bootstrap-servers=kafka-1:9092,kafka-2:9092
 * eventbus.kafka.security.protocol=SASL_SSL
 * eventbus.kafka.sasl.mechanism=SCRAM-SHA-512
 * eventbus.kafka.sasl.username=billing
 * eventbus.kafka.sasl.password=${KAFKA_PASSWORD}
 * eventbus.kafka.client.receive.buffer.bytes=262144
 * }</pre>
 *
 * <p>Durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code
 * PT30S}).
 *
 * @deprecated every provider now hands out its rows the same way: use {@link
 *     KafkaBrokerProvider#settings()} (and {@link KafkaBrokerProvider#create} for {@link
 *     #toBroker}).
 */
@Deprecated(since = "0.1.0", forRemoval = true)
public enum KafkaBrokerConfig {
  /** Brokers to bootstrap from. */
  BOOTSTRAP_SERVERS(KafkaConfigTable.BOOTSTRAP_SERVERS),
  /** Client id prefix. */
  CLIENT_ID(KafkaConfigTable.CLIENT_ID),
  /** Partitions of created topics. */
  TOPIC_PARTITIONS(KafkaConfigTable.TOPIC_PARTITIONS),
  /** Replication of created topics. */
  TOPIC_REPLICATION_FACTOR(KafkaConfigTable.TOPIC_REPLICATION_FACTOR),
  /** Whether topics are created. */
  TOPIC_AUTO_CREATE(KafkaConfigTable.TOPIC_AUTO_CREATE),
  /** Producer linger. */
  PRODUCER_LINGER(KafkaConfigTable.PRODUCER_LINGER),
  /** Producer batch size. */
  PRODUCER_BATCH_SIZE(KafkaConfigTable.PRODUCER_BATCH_SIZE),
  /** Producer compression. */
  PRODUCER_COMPRESSION(KafkaConfigTable.PRODUCER_COMPRESSION),
  /** Content mode of published records. */
  PRODUCER_CONTENT_MODE(KafkaConfigTable.PRODUCER_CONTENT_MODE),
  /** Largest request. */
  PRODUCER_MAX_REQUEST_SIZE(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE),
  /** Producer delivery timeout. */
  PRODUCER_DELIVERY_TIMEOUT(KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT),
  /** Consumer max poll interval. */
  CONSUMER_MAX_POLL_INTERVAL(KafkaConfigTable.CONSUMER_MAX_POLL_INTERVAL),
  /** Consumer session timeout. */
  CONSUMER_SESSION_TIMEOUT(KafkaConfigTable.CONSUMER_SESSION_TIMEOUT),
  /** Commit interval. */
  CONSUMER_COMMIT_INTERVAL(KafkaConfigTable.CONSUMER_COMMIT_INTERVAL),
  /** Security protocol. */
  SECURITY_PROTOCOL(KafkaConfigTable.SECURITY_PROTOCOL),
  /** SASL mechanism. */
  SASL_MECHANISM(KafkaConfigTable.SASL_MECHANISM),
  /** SASL user. */
  SASL_USERNAME(KafkaConfigTable.SASL_USERNAME),
  /** SASL password. */
  SASL_PASSWORD(KafkaConfigTable.SASL_PASSWORD),
  /** Trust store. */
  SSL_TRUSTSTORE_LOCATION(KafkaConfigTable.SSL_TRUSTSTORE_LOCATION),
  /** Trust store password. */
  SSL_TRUSTSTORE_PASSWORD(KafkaConfigTable.SSL_TRUSTSTORE_PASSWORD),
  /** Trust store type. */
  SSL_TRUSTSTORE_TYPE(KafkaConfigTable.SSL_TRUSTSTORE_TYPE),
  /** Key store. */
  SSL_KEYSTORE_LOCATION(KafkaConfigTable.SSL_KEYSTORE_LOCATION),
  /** Key store password. */
  SSL_KEYSTORE_PASSWORD(KafkaConfigTable.SSL_KEYSTORE_PASSWORD),
  /** Key store type. */
  SSL_KEYSTORE_TYPE(KafkaConfigTable.SSL_KEYSTORE_TYPE),
  /** Private key password. */
  SSL_KEY_PASSWORD(KafkaConfigTable.SSL_KEY_PASSWORD),
  /** Host name verification. */
  SSL_ENDPOINT_IDENTIFICATION(KafkaConfigTable.SSL_ENDPOINT_IDENTIFICATION),
  /** Any kafka-clients property. */
  CLIENT_PROPERTY(KafkaConfigTable.CLIENT_PROPERTY),
  /** A group's start time. */
  GROUP_START_TIME(KafkaConfigTable.GROUP_START_TIME);

  /** The prefix of every key as a user writes it. */
  public static final String PREFIX = KafkaConfigTable.PREFIX;

  private final Setting<?> setting;

  KafkaBrokerConfig(Setting<?> setting) {
    this.setting = setting;
  }

  /**
   * The key under {@code eventbus.kafka.}; {@code <...>} marks a part the user chooses.
   *
   * @return the key
   */
  public String key() {
    return setting.name();
  }

  /**
   * The default, as it would be written; empty when there is none.
   *
   * @return the default
   */
  public String defaultValue() {
    return setting.defaultText();
  }

  /**
   * What the key does.
   *
   * @return one or two sentences, Markdown
   */
  public String description() {
    return setting.doc();
  }

  /**
   * Whether the value is a secret, never logged or shown. False for {@link #CLIENT_PROPERTY}: there
   * the property's kafka-clients type decides, and passwords are never shown.
   *
   * @return true for passwords
   */
  public boolean secret() {
    return setting.secret();
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

  /**
   * The table as Markdown, for the reference documentation.
   *
   * @return a Markdown table: key, type, default, what is allowed and meaning
   */
  public static String markdownTable() {
    return KafkaConfigTable.TABLE.describe();
  }
}
