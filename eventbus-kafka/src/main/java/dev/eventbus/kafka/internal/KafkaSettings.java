package dev.eventbus.kafka.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.ContentMode;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.SecretRedaction;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingRules;
import dev.eventbus.spi.SettingValues;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The validated configuration of a Kafka broker: a copy of the values of {@link KafkaConfigTable}'s
 * rows, each read by its row ({@link #get}), and the kafka-clients configuration of each client
 * made from them. The adapter's guarantees (idempotent producer, acks=all, manual commits) are set
 * there and cannot be overridden: {@link ClientPropertyDefinitions} rejects client properties that
 * try. Immutable. Secrets are kept here and only here; {@link #toString()} redacts them, and the
 * values of client properties that kafka-clients types as passwords. Errors name keys as a user
 * writes them.
 */
public final class KafkaSettings {
  private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
  // The text rows of TLS are named as the kafka-clients properties they set.
  private static final List<Setting<?>> SSL =
      KafkaConfigTable.TABLE.settings().stream()
          .filter(s -> s.name().startsWith("ssl.") && s.type() == Setting.STRING)
          .toList();
  private static final String PLAIN_MODULE =
      "org.apache.kafka.common.security.plain.PlainLoginModule";
  private static final String SCRAM_MODULE =
      "org.apache.kafka.common.security.scram.ScramLoginModule";

  /**
   * Checks every value against its row, then the rules that span keys.
   *
   * @throws ConfigurationException naming the first key whose value is not allowed, the value
   *     (never a secret) and what is allowed
   */
  public static KafkaSettings from(SettingValues values) {
    KafkaConfigTable.TABLE.validate(values);
    SettingRules rules = new SettingRules(values);
    rules.requireLonger(
        KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT, KafkaConfigTable.PRODUCER_LINGER);
    String protocol = values.get(KafkaConfigTable.SECURITY_PROTOCOL).toUpperCase(Locale.ROOT);
    Map<String, String> clientProperties = values.getAll(KafkaConfigTable.CLIENT_PROPERTY);
    // Checked before the copy, which would reject a missing value without naming its key.
    new TreeMap<>(clientProperties)
        .forEach((name, value) -> checkClientProperty(rules, name, value));
    validateSasl(protocol, values, rules, clientProperties.containsKey("sasl.jaas.config"));
    rules.requireUnsetUnless(
        protocol.endsWith("SSL"),
        "no value unless security.protocol is SSL or SASL_SSL",
        KafkaConfigTable.SSL_TRUSTSTORE_LOCATION,
        KafkaConfigTable.SSL_KEYSTORE_LOCATION);
    return new KafkaSettings(values.copy(), protocol, clientProperties);
  }

  private final String securityProtocol; // upper-case
  private final Map<String, String> clientProperties; // client.<property> values by property name
  final Map<String, Instant> groupStartTimes; // group.<name>.start-time values by group
  final Map<String, ContentMode> topicContentModes; // topic.<name>.content-mode values by topic
  final SecretRedaction redaction;
  private final SettingValues values;

  private KafkaSettings(
      SettingValues values, String securityProtocol, Map<String, String> clientProperties) {
    this.values = values;
    this.securityProtocol = securityProtocol;
    this.clientProperties = Map.copyOf(clientProperties);
    this.groupStartTimes = Map.copyOf(values.getAll(KafkaConfigTable.GROUP_START_TIME));
    this.topicContentModes = Map.copyOf(values.getAll(KafkaConfigTable.TOPIC_CONTENT_MODE));
    String jaas = clientProperties.get(SaslConfigs.SASL_JAAS_CONFIG);
    this.redaction =
        SecretRedaction.of(
            values, jaas == null ? List.of() : ClientPropertyDefinitions.jaasSecretWords(jaas));
  }

  /** A row's value: the one set, else its default (null for neither). */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  /**
   * The producer's configuration: idempotent, acks=all, bytes in and out; a record waits for Kafka
   * (its metadata, room in the producer's buffer, the acknowledgement) at most {@code
   * producer.delivery-timeout}, by default the bus's publish timeout.
   *
   * @param publishTimeout the bus's publish timeout
   */
  public Map<String, Object> producerConfig(Duration publishTimeout) {
    Map<String, Object> p = common(get(KafkaConfigTable.CLIENT_ID));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    int linger = millis(KafkaConfigTable.PRODUCER_LINGER);
    Duration set = get(KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT);
    // delivery.timeout.ms must be more than linger.ms
    int delivery = (int) Math.max(linger + 1L, (set != null ? set : publishTimeout).toMillis());
    p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, get(KafkaConfigTable.PRODUCER_BATCH_SIZE));
    p.put(
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        get(KafkaConfigTable.PRODUCER_COMPRESSION).toLowerCase(Locale.ROOT));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, get(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
    // delivery.timeout.ms must be at least linger.ms + request.timeout.ms
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, Math.min(30_000, delivery - linger)));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putAll(clientProperties);
    return p;
  }

  /** The configuration of a group's member, numbered within this process. */
  public Map<String, Object> groupConsumerConfig(String group, int member, int maxPollRecords) {
    Map<String, Object> p =
        consumerBase(get(KafkaConfigTable.CLIENT_ID) + "-" + group + "-" + member);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    p.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        millis(KafkaConfigTable.CONSUMER_MAX_POLL_INTERVAL));
    String protocol = clientProperties.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    if (protocol == null || protocol.toLowerCase(Locale.ROOT).equals("classic")) {
      int session = millis(KafkaConfigTable.CONSUMER_SESSION_TIMEOUT);
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
      // Frequent heartbeats let members learn of a rebalance sooner (Kafka's default is 3 s).
      p.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, Math.min(1000, session / 3)));
      p.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    p.putAll(clientProperties);
    return p;
  }

  /** A consumer outside any group, for reading the dead-letter topics from the beginning. */
  public Map<String, Object> deadLetterReaderConfig() {
    Map<String, Object> p = consumerBase(get(KafkaConfigTable.CLIENT_ID) + "-dlq");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    p.putAll(clientProperties);
    return p;
  }

  public Map<String, Object> adminConfig() {
    Map<String, Object> p = common(get(KafkaConfigTable.CLIENT_ID) + "-admin");
    p.putAll(clientProperties);
    return p;
  }

  private Map<String, Object> consumerBase(String clientId) {
    Map<String, Object> p = common(clientId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  private Map<String, Object> common(String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        get(KafkaConfigTable.BOOTSTRAP_SERVERS).replace(" ", ""));
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
    String mechanism = get(KafkaConfigTable.SASL_MECHANISM);
    if (securityProtocol.startsWith("SASL") && mechanism != null) {
      mechanism = mechanism.toUpperCase(Locale.ROOT);
      p.put(SaslConfigs.SASL_MECHANISM, mechanism);
      if (get(KafkaConfigTable.SASL_USERNAME) != null) {
        p.put(
            SaslConfigs.SASL_JAAS_CONFIG,
            jaas(mechanism.equals("PLAIN") ? PLAIN_MODULE : SCRAM_MODULE));
      }
    }
    if (securityProtocol.endsWith("SSL")) {
      for (Setting<?> row : SSL) {
        Object value = get(row);
        if (value != null) { // kafka-clients compares the store type PEM case-sensitively
          String type =
              row.name().endsWith(".type") ? value.toString().toUpperCase(Locale.ROOT) : null;
          p.put(row.name(), type != null ? type : value);
        }
      }
      p.put(
          SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
          get(KafkaConfigTable.SSL_ENDPOINT_IDENTIFICATION) ? "https" : "");
    }
    return p;
  }

  private int millis(Setting<Duration> row) {
    return (int) get(row).toMillis();
  }

  private String jaas(String module) {
    return module
        + " required username=\""
        + escape(get(KafkaConfigTable.SASL_USERNAME))
        + "\" password=\""
        + escape(get(KafkaConfigTable.SASL_PASSWORD))
        + "\";";
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void checkClientProperty(SettingRules rules, String name, String value) {
    try {
      ClientPropertyDefinitions.check(name, value);
    } catch (ConfigKeys.InvalidValueException invalid) {
      throw rules.invalid(KafkaConfigTable.CLIENT_PROPERTY, name, value, invalid);
    }
  }

  /** SASL needs a mechanism and credentials, or a JAAS configuration of its own; nothing else. */
  private static void validateSasl(
      String protocol, SettingValues values, SettingRules rules, boolean customJaas) {
    boolean sasl = protocol.startsWith("SASL");
    rules.requireUnsetUnless(
        sasl,
        "no SASL settings unless security.protocol is SASL_PLAINTEXT or SASL_SSL",
        KafkaConfigTable.SASL_MECHANISM,
        KafkaConfigTable.SASL_USERNAME);
    rules.requireUnsetUnless(
        !sasl || !customJaas,
        "no username/password when client.sasl.jaas.config is set",
        KafkaConfigTable.SASL_USERNAME,
        KafkaConfigTable.SASL_PASSWORD);
    if (!sasl || customJaas) {
      return;
    }
    String mechanism = values.get(KafkaConfigTable.SASL_MECHANISM);
    if (mechanism == null || !MECHANISMS.contains(mechanism.toUpperCase(Locale.ROOT))) {
      throw rules.invalid(
          KafkaConfigTable.SASL_MECHANISM,
          mechanism,
          "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (or client.sasl.jaas.config for others)");
    }
    rules
        .requireSet(KafkaConfigTable.SASL_USERNAME, "a user name")
        .requireSet(KafkaConfigTable.SASL_PASSWORD, "a password");
  }

  @Override
  public String toString() {
    return "KafkaSettings" + values;
  }
}
