package dev.eventbus.kafka.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.ContentMode;
import dev.eventbus.spi.ConfigKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validated, immutable configuration of a Kafka broker, built by {@code KafkaBroker.Builder}.
 * Secrets are kept here and only here; {@link #toString()} redacts them.
 *
 * <p>Keys in error messages are the keys of {@code KafkaBrokerConfig} as a user writes them, prefix
 * included ({@code eventbus.kafka.producer.linger}).
 */
public record KafkaSettings(
    String bootstrapServers,
    String clientId,
    int topicPartitions,
    int topicReplicationFactor,
    boolean autoCreateTopics,
    Duration linger,
    int batchSize,
    String compression,
    ContentMode contentMode,
    int maxRequestSize,
    Duration deliveryTimeout,
    Duration maxPollInterval,
    Duration sessionTimeout,
    Duration commitInterval,
    String securityProtocol,
    String saslMechanism,
    String saslUsername,
    String saslPassword,
    String truststoreLocation,
    String truststorePassword,
    String truststoreType,
    String keystoreLocation,
    String keystorePassword,
    String keystoreType,
    String keyPassword,
    boolean endpointIdentification,
    Map<String, String> clientProperties,
    Map<String, Instant> groupStartTimes) {

  /** Replication factor meaning "the broker's default.replication.factor". */
  public static final int BROKER_DEFAULT_REPLICATION = -1;

  static final String REDACTED = "<redacted>";

  /** The prefix of the keys named in errors. */
  static final String KEY_PREFIX = "eventbus.kafka.";

  private static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");
  private static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  /** Client properties the adapter sets itself, so that its guarantees hold. */
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

  /** Validates every value; the error names the provider key, the value and what is allowed. */
  public KafkaSettings {
    bootstrapServers = validateBootstrap(bootstrapServers);
    require(clientId != null && !clientId.isBlank(), "client-id", clientId, "a non-blank id");
    require(
        topicPartitions >= 1 && topicPartitions <= 10_000,
        "topic.partitions",
        topicPartitions,
        "1 to 10000");
    require(
        topicReplicationFactor == BROKER_DEFAULT_REPLICATION
            || (topicReplicationFactor >= 1 && topicReplicationFactor <= Short.MAX_VALUE),
        "topic.replication-factor",
        topicReplicationFactor,
        "-1 (broker default) or 1 to 32767");
    requireDuration(linger, "producer.linger", Duration.ZERO, Duration.ofSeconds(30));
    require(
        batchSize >= 0 && batchSize <= 16 << 20, "producer.batch-size", batchSize, "0 to 16 MiB");
    require(contentMode != null, "producer.content-mode", null, "binary or structured");
    compression = compression == null ? "" : compression.toLowerCase(Locale.ROOT);
    require(
        COMPRESSIONS.contains(compression),
        "producer.compression",
        compression,
        "none, gzip, snappy, lz4 or zstd");
    require(
        maxRequestSize >= 1024 && maxRequestSize <= 100 << 20,
        "producer.max-request-size",
        maxRequestSize,
        "1 KiB to 100 MiB");
    requireDuration(
        deliveryTimeout, "producer.delivery-timeout", Duration.ofSeconds(1), Duration.ofDays(1));
    require(
        deliveryTimeout.compareTo(linger) > 0,
        "producer.delivery-timeout",
        deliveryTimeout,
        "more than producer.linger (" + linger + ")");
    requireDuration(
        maxPollInterval, "consumer.max-poll-interval", Duration.ofSeconds(1), Duration.ofDays(1));
    requireDuration(
        sessionTimeout, "consumer.session-timeout", Duration.ofSeconds(1), Duration.ofMinutes(30));
    requireDuration(
        commitInterval, "consumer.commit-interval", Duration.ZERO, Duration.ofMinutes(1));
    securityProtocol =
        securityProtocol == null ? "PLAINTEXT" : securityProtocol.toUpperCase(Locale.ROOT);
    require(
        PROTOCOLS.contains(securityProtocol),
        "security.protocol",
        securityProtocol,
        "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    // Checked before the copy, which would reject a missing value without naming its key.
    validateClientProperties(clientProperties);
    clientProperties = Map.copyOf(clientProperties);
    groupStartTimes = Map.copyOf(groupStartTimes);
    validateSasl(securityProtocol, saslMechanism, saslUsername, saslPassword, clientProperties);
    validateSsl(securityProtocol, truststoreLocation, keystoreLocation);
  }

  /** Whether the transport is TLS. */
  boolean tls() {
    return securityProtocol.endsWith("SSL");
  }

  /** Whether the transport authenticates with SASL. */
  boolean sasl() {
    return securityProtocol.startsWith("SASL");
  }

  private static String validateBootstrap(String servers) {
    String allowed = "comma-separated host:port pairs, for example localhost:9092";
    require(servers != null && !servers.isBlank(), "bootstrap-servers", servers, allowed);
    for (String server : servers.split(",")) {
      String s = server.trim();
      int colon = s.lastIndexOf(':');
      require(colon > 0, "bootstrap-servers", servers, allowed);
      try {
        int port = Integer.parseInt(s.substring(colon + 1));
        require(port >= 1 && port <= 65535, "bootstrap-servers", servers, allowed);
      } catch (NumberFormatException e) {
        throw new ConfigurationException(KEY_PREFIX + "bootstrap-servers", servers, allowed);
      }
    }
    return servers.replace(" ", "");
  }

  private static void validateClientProperties(Map<String, String> properties) {
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      String name = e.getKey();
      String key = "client." + name;
      String shown = shownClientValue(name, e.getValue());
      String why = RESERVED.get(name);
      require(why == null, key, shown, "no value: " + why);
      require(e.getValue() != null, key, null, "a value");
      require(ClientPropertyDefinitions.isDefined(name), key, shown, definedNear(name));
      try {
        ClientPropertyDefinitions.check(name, e.getValue());
      } catch (ConfigKeys.InvalidValueException invalid) {
        ConfigurationException error =
            new ConfigurationException(KEY_PREFIX + key, shown, invalid.allowed());
        error.initCause(invalid.getCause());
        throw error;
      }
    }
  }

  /** What an undefined client property name allows: a defined one, the nearest if one is close. */
  private static String definedNear(String name) {
    String didYouMean = "a property kafka-clients defines: did you mean " + KEY_PREFIX + "client.";
    return ClientPropertyDefinitions.nearest(name)
        .map(n -> didYouMean + n + "?")
        .orElse("a property the kafka-clients producer, consumer or admin client defines");
  }

  /**
   * A client property's value as errors and {@link #toString()} show it: redacted if kafka-clients
   * types the property as a password. A name no client defines has no type; its value is redacted
   * if the name it most likely meant is a password, or if the name looks like a secret's: such a
   * property fails the build, and its error must not carry a credential the user misfiled.
   */
  private static String shownClientValue(String name, String value) {
    boolean secret =
        ClientPropertyDefinitions.isDefined(name)
            ? ClientPropertyDefinitions.isPassword(name)
            : ClientPropertyDefinitions.nearest(name)
                    .filter(ClientPropertyDefinitions::isPassword)
                    .isPresent()
                || looksSecret(name);
    return secret && value != null ? REDACTED : value;
  }

  private static void validateSasl(
      String protocol,
      String mechanism,
      String username,
      String password,
      Map<String, String> clientProperties) {
    boolean sasl = protocol.startsWith("SASL");
    boolean customJaas = clientProperties.containsKey("sasl.jaas.config");
    if (!sasl) {
      require(
          mechanism == null && username == null,
          "sasl.mechanism",
          mechanism,
          "no SASL settings unless security.protocol is SASL_PLAINTEXT or SASL_SSL");
      return;
    }
    if (customJaas) {
      require(
          username == null && password == null,
          "sasl.username",
          username,
          "no username/password when client.sasl.jaas.config is set");
      return;
    }
    require(
        mechanism != null && MECHANISMS.contains(mechanism.toUpperCase(Locale.ROOT)),
        "sasl.mechanism",
        mechanism,
        "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (or client.sasl.jaas.config for others)");
    require(username != null && !username.isBlank(), "sasl.username", username, "a user name");
    require(password != null, "sasl.password", null, "a password");
  }

  private static void validateSsl(String protocol, String truststore, String keystore) {
    boolean tls = protocol.endsWith("SSL");
    require(
        tls || truststore == null,
        "ssl.truststore.location",
        truststore,
        "no value unless security.protocol is SSL or SASL_SSL");
    require(
        tls || keystore == null,
        "ssl.keystore.location",
        keystore,
        "no value unless security.protocol is SSL or SASL_SSL");
  }

  /** Whether the name of a property no client defines suggests that its value is a secret. */
  private static boolean looksSecret(String name) {
    String k = name.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("token")
        || k.endsWith(".key")
        || k.contains("credential");
  }

  private static void require(boolean ok, String key, Object value, String allowed) {
    if (!ok) {
      throw new ConfigurationException(KEY_PREFIX + key, value, allowed);
    }
  }

  private static void requireDuration(Duration d, String key, Duration min, Duration max) {
    require(
        d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
        key,
        ConfigKeys.durationText(d),
        "a duration from " + ConfigKeys.durationText(min) + " to " + ConfigKeys.durationText(max));
  }

  @Override
  public String toString() {
    Map<String, String> shownProperties = new TreeMap<>();
    clientProperties.forEach((k, v) -> shownProperties.put(k, shownClientValue(k, v)));
    return "KafkaSettings{bootstrapServers="
        + bootstrapServers
        + ", clientId="
        + clientId
        + ", topicPartitions="
        + topicPartitions
        + ", topicReplicationFactor="
        + (topicReplicationFactor == BROKER_DEFAULT_REPLICATION
            ? "broker default"
            : topicReplicationFactor)
        + ", autoCreateTopics="
        + autoCreateTopics
        + ", linger="
        + linger
        + ", batchSize="
        + batchSize
        + ", compression="
        + compression
        + ", contentMode="
        + contentMode
        + ", maxRequestSize="
        + maxRequestSize
        + ", deliveryTimeout="
        + deliveryTimeout
        + ", maxPollInterval="
        + maxPollInterval
        + ", sessionTimeout="
        + sessionTimeout
        + ", commitInterval="
        + commitInterval
        + ", securityProtocol="
        + securityProtocol
        + (saslMechanism == null ? "" : ", saslMechanism=" + saslMechanism)
        + (saslUsername == null ? "" : ", saslUsername=" + saslUsername)
        + (saslPassword == null ? "" : ", saslPassword=" + REDACTED)
        + (truststoreLocation == null ? "" : ", truststore=" + truststoreLocation)
        + (truststorePassword == null ? "" : ", truststorePassword=" + REDACTED)
        + (keystoreLocation == null ? "" : ", keystore=" + keystoreLocation)
        + (keystorePassword == null ? "" : ", keystorePassword=" + REDACTED)
        + (keyPassword == null ? "" : ", keyPassword=" + REDACTED)
        + ", clientProperties="
        + shownProperties
        + ", groupStartTimes="
        + groupStartTimes
        + "}";
  }
}
