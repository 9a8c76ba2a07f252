package dev.eventbus.kafka;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.ConfigKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every configuration key of the {@code kafka} provider, in one table: the key (under {@code
 * eventbus.kafka.}), its default, what it does, whether it is secret, and how it is applied to a
 * {@link KafkaBroker.Builder}. The reference documentation is generated from this table with {@link
 * #markdownTable()}.
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
 */
public enum KafkaBrokerConfig {
  /** Brokers to bootstrap from. */
  BOOTSTRAP_SERVERS(
      "bootstrap-servers",
      "(required)",
      "Comma-separated `host:port` pairs of the brokers to bootstrap from.",
      (b, k, v) -> b.bootstrapServers(v)),
  /** Client id prefix. */
  CLIENT_ID(
      "client-id",
      KafkaBroker.DEFAULT_CLIENT_ID,
      "Prefix of the Kafka client ids (consumers add the group and a number).",
      (b, k, v) -> b.clientId(v)),
  /** Partitions of created topics. */
  TOPIC_PARTITIONS(
      "topic.partitions",
      Integer.toString(KafkaBroker.DEFAULT_TOPIC_PARTITIONS),
      "Partitions of the topics and retry topics the adapter creates (1 to 10000).",
      (b, k, v) -> b.topicPartitions(integer(k, v))),
  /** Replication of created topics. */
  TOPIC_REPLICATION_FACTOR(
      "topic.replication-factor",
      "-1",
      "Replication factor of created topics; -1 uses the broker's `default.replication.factor`.",
      (b, k, v) -> b.topicReplicationFactor(integer(k, v))),
  /** Whether topics are created. */
  TOPIC_AUTO_CREATE(
      "topic.auto-create",
      "true",
      "Create missing topics, retry topics (`<topic>.<group>.retry`) and dead-letter topics "
          + "(`<topic>.<group>.dlq`, compacted) with the admin client; if false they must exist.",
      (b, k, v) -> b.autoCreateTopics(bool(k, v))),
  /** Producer linger. */
  PRODUCER_LINGER(
      "producer.linger",
      "5ms",
      "Producer `linger.ms`: how long to wait to fill a batch (0 to 30s).",
      (b, k, v) -> b.linger(duration(k, v))),
  /** Producer batch size. */
  PRODUCER_BATCH_SIZE(
      "producer.batch-size",
      Integer.toString(KafkaBroker.DEFAULT_BATCH_SIZE),
      "Producer `batch.size` in bytes (0 to 16 MiB).",
      (b, k, v) -> b.batchSize(integer(k, v))),
  /** Producer compression. */
  PRODUCER_COMPRESSION(
      "producer.compression",
      KafkaBroker.DEFAULT_COMPRESSION,
      "Producer `compression.type`: none, gzip, snappy, lz4 or zstd.",
      (b, k, v) -> b.compression(v)),
  /** Content mode of published records. */
  PRODUCER_CONTENT_MODE(
      "producer.content-mode",
      "binary",
      "CloudEvents content mode of published records: `binary` (attributes as `ce_*` headers) or"
          + " `structured` (one `application/cloudevents+json` document). Both are always read.",
      (b, k, v) -> b.contentMode(contentMode(k, v))),
  /** Largest request. */
  PRODUCER_MAX_REQUEST_SIZE(
      "producer.max-request-size",
      Integer.toString(KafkaBroker.DEFAULT_MAX_REQUEST_SIZE),
      "Producer `max.request.size` in bytes: the largest event (1 KiB to 100 MiB).",
      (b, k, v) -> b.maxRequestSize(integer(k, v))),
  /** Producer delivery timeout. */
  PRODUCER_DELIVERY_TIMEOUT(
      "producer.delivery-timeout",
      "2m",
      "Producer `delivery.timeout.ms`: how long a publish may take, retries included, before it"
          + " fails.",
      (b, k, v) -> b.deliveryTimeout(duration(k, v))),
  /** Consumer max poll interval. */
  CONSUMER_MAX_POLL_INTERVAL(
      "consumer.max-poll-interval",
      "5m",
      "Consumer `max.poll.interval.ms`. Slow handlers do not count against it: the poll thread"
          + " never waits for them.",
      (b, k, v) -> b.maxPollInterval(duration(k, v))),
  /** Consumer session timeout. */
  CONSUMER_SESSION_TIMEOUT(
      "consumer.session-timeout",
      "45s",
      "Consumer `session.timeout.ms` (classic group protocol): how soon a dead member is replaced.",
      (b, k, v) -> b.sessionTimeout(duration(k, v))),
  /** Commit interval. */
  CONSUMER_COMMIT_INTERVAL(
      "consumer.commit-interval",
      "100ms",
      "How often settled offsets are committed at most.",
      (b, k, v) -> b.commitInterval(duration(k, v))),
  /** Security protocol. */
  SECURITY_PROTOCOL(
      "security.protocol",
      "PLAINTEXT",
      "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.",
      (b, k, v) -> b.securityProtocol(v)),
  /** SASL mechanism. */
  SASL_MECHANISM(
      "sasl.mechanism",
      "",
      "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (others through `client.sasl.jaas.config`).",
      (b, k, v) -> b.saslMechanism(v)),
  /** SASL user. */
  SASL_USERNAME("sasl.username", "", "SASL user name.", (b, k, v) -> b.saslUsername(v)),
  /** SASL password. */
  SASL_PASSWORD(
      "sasl.password", "", "SASL password (secret).", true, (b, k, v) -> b.saslPassword(v)),
  /** Trust store. */
  SSL_TRUSTSTORE_LOCATION(
      "ssl.truststore.location",
      "",
      "Trust store file for TLS; the JVM's trust store if unset.",
      (b, k, v) -> b.truststoreLocation(v)),
  /** Trust store password. */
  SSL_TRUSTSTORE_PASSWORD(
      "ssl.truststore.password",
      "",
      "Trust store password (secret).",
      true,
      (b, k, v) -> b.truststorePassword(v)),
  /** Trust store type. */
  SSL_TRUSTSTORE_TYPE(
      "ssl.truststore.type",
      "",
      "JKS, PKCS12 or PEM; Kafka's default if unset.",
      (b, k, v) -> b.truststoreType(v)),
  /** Key store. */
  SSL_KEYSTORE_LOCATION(
      "ssl.keystore.location",
      "",
      "Key store file for TLS client authentication.",
      (b, k, v) -> b.keystoreLocation(v)),
  /** Key store password. */
  SSL_KEYSTORE_PASSWORD(
      "ssl.keystore.password",
      "",
      "Key store password (secret).",
      true,
      (b, k, v) -> b.keystorePassword(v)),
  /** Key store type. */
  SSL_KEYSTORE_TYPE(
      "ssl.keystore.type",
      "",
      "JKS, PKCS12 or PEM; Kafka's default if unset.",
      (b, k, v) -> b.keystoreType(v)),
  /** Private key password. */
  SSL_KEY_PASSWORD(
      "ssl.key.password",
      "",
      "Password of the private key in the key store (secret).",
      true,
      (b, k, v) -> b.keyPassword(v)),
  /** Host name verification. */
  SSL_ENDPOINT_IDENTIFICATION(
      "ssl.endpoint-identification",
      "true",
      "Whether TLS checks that the broker's certificate names its host.",
      (b, k, v) -> b.endpointIdentification(bool(k, v))),
  /** Any kafka-clients property. */
  CLIENT_PROPERTY(
      "client.<property>",
      "",
      "Any kafka-clients property, passed as is to the producer, consumers and admin client, for"
          + " example `client.receive.buffer.bytes`. Checked when the broker is built against the"
          + " definitions of kafka-clients: an unknown name (the nearest known one is suggested),"
          + " a value of the wrong type or one its validator rejects fails the build. Values of"
          + " properties kafka-clients types as passwords (`sasl.jaas.config`,"
          + " `ssl.truststore.password`, ...) are never shown. Properties the guarantees rest on"
          + " (acks, enable.idempotence, enable.auto.commit, serializers, group.id,"
          + " auto.offset.reset) are rejected.",
      (b, k, v) -> b.clientProperty(k.substring("client.".length()), v)),
  /** A group's start time. */
  GROUP_START_TIME(
      "group.<name>.start-time",
      "",
      "ISO-8601 instant: the group, when new to a topic, starts at the first event at or after it"
          + " (replay from a point in time).",
      (b, k, v) -> b.groupStartTime(k.substring(6, k.length() - 11), instant(k, v)));

  /** The prefix of every key as a user writes it. */
  public static final String PREFIX = "eventbus.kafka.";

  private final String key;
  private final String defaultValue;
  private final String description;
  private final boolean secret;
  private final Setter setter;

  KafkaBrokerConfig(String key, String defaultValue, String description, Setter setter) {
    this(key, defaultValue, description, false, setter);
  }

  KafkaBrokerConfig(
      String key, String defaultValue, String description, boolean secret, Setter setter) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.secret = secret;
    this.setter = setter;
  }

  /**
   * The key under {@code eventbus.kafka.}; {@code <...>} marks a part the user chooses.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * The default, as it would be written; empty when there is none.
   *
   * @return the default
   */
  public String defaultValue() {
    return defaultValue;
  }

  /**
   * What the key does.
   *
   * @return one or two sentences, Markdown
   */
  public String description() {
    return description;
  }

  /**
   * Whether the value is a secret, never logged or shown. False for {@link #CLIENT_PROPERTY}: there
   * the property's kafka-clients type decides, and passwords are never shown.
   *
   * @return true for passwords
   */
  public boolean secret() {
    return secret;
  }

  /**
   * The entry for a concrete key.
   *
   * @param key a key, for example {@code topic.partitions} or {@code client.linger.ms}
   * @return the entry, or empty for an unknown key
   */
  public static Optional<KafkaBrokerConfig> forKey(String key) {
    for (KafkaBrokerConfig c : values()) {
      if (c.key.equals(key)) {
        return Optional.of(c);
      }
    }
    if (key.startsWith("client.") && key.length() > "client.".length()) {
      return Optional.of(CLIENT_PROPERTY);
    }
    if (key.startsWith("group.") && key.endsWith(".start-time") && key.length() > 17) {
      return Optional.of(GROUP_START_TIME);
    }
    return Optional.empty();
  }

  /**
   * Builds a broker from flat configuration.
   *
   * @param config keys of this table (without the {@code eventbus.kafka.} prefix) and values
   * @return the validated broker, not started
   * @throws ConfigurationException for an unknown key or an invalid value
   */
  public static KafkaBroker toBroker(Map<String, String> config) {
    KafkaBroker.Builder builder = KafkaBroker.builder();
    for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
      KafkaBrokerConfig entry =
          forKey(e.getKey()).orElseThrow(() -> unknownKey(e.getKey(), e.getValue()));
      entry.setter.apply(builder, e.getKey(), e.getValue() == null ? null : e.getValue().trim());
    }
    return builder.build();
  }

  /**
   * The table as Markdown, for the reference documentation.
   *
   * @return a Markdown table with key, default and description
   */
  public static String markdownTable() {
    StringBuilder sb =
        new StringBuilder("| key (`eventbus.kafka.` + ) | default | description |\n");
    sb.append("| --- | --- | --- |\n");
    for (KafkaBrokerConfig c : values()) {
      sb.append("| `")
          .append(c.key)
          .append("` | ")
          .append(
              c.defaultValue.isEmpty() || c.defaultValue.startsWith("(")
                  ? c.defaultValue
                  : "`" + c.defaultValue + "`")
          .append(" | ")
          .append(c.description)
          .append(" |\n");
    }
    return sb.toString();
  }

  /** An unknown key, with the nearest known one; a misspelt secret key is still a secret. */
  private static ConfigurationException unknownKey(String key, String value) {
    Optional<KafkaBrokerConfig> nearest =
        ConfigKeys.nearest(key, keyNames()).flatMap(KafkaBrokerConfig::forKey);
    return new ConfigurationException(
        PREFIX + key,
        nearest.filter(KafkaBrokerConfig::secret).isPresent()
            ? ConfigKeys.shownSecret(value)
            : value,
        nearest
                .map(k -> "a known key: did you mean " + PREFIX + k.key + "? Keys: ")
                .orElse("one of the keys in KafkaBrokerConfig: ")
            + knownKeys());
  }

  private static List<String> keyNames() {
    List<String> names = new ArrayList<>();
    for (KafkaBrokerConfig c : values()) {
      if (!c.key.contains("<")) {
        names.add(c.key);
      }
    }
    return names;
  }

  private static String knownKeys() {
    StringBuilder sb = new StringBuilder();
    for (KafkaBrokerConfig c : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(c.key);
    }
    return sb.toString();
  }

  private static ContentMode contentMode(String key, String value) {
    return parsed(key, value, v -> ConfigKeys.enumValue(v, ContentMode.class));
  }

  private static int integer(String key, String value) {
    return parsed(key, value, ConfigKeys::integer);
  }

  private static boolean bool(String key, String value) {
    return parsed(key, value, ConfigKeys::bool);
  }

  private static Duration duration(String key, String value) {
    return parsed(key, value, ConfigKeys::duration);
  }

  /** A value parsed by one of the SPI's parsers, its error naming the key as the user wrote it. */
  private static <T> T parsed(
      String key, String value, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (ConfigKeys.InvalidValueException e) {
      throw new ConfigurationException(PREFIX + key, value, e.allowed());
    }
  }

  private static Instant instant(String key, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new ConfigurationException(
          PREFIX + key, value, "an ISO-8601 instant such as 2025-01-31T00:00:00Z");
    }
  }

  /** Applies one value to a builder. */
  @FunctionalInterface
  private interface Setter {
    void apply(KafkaBroker.Builder builder, String key, String value);
  }
}
