package dev.eventbus.kafka.internal;

import dev.eventbus.spi.Setting;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Turns {@link KafkaSettings} into kafka-clients configuration maps. The adapter's guarantees
 * (idempotent producer, acks=all, manual commits) are set here and cannot be overridden: {@link
 * KafkaSettings} rejects client properties that try.
 */
public final class ClientProperties {
  // The TLS rows and the kafka-clients properties they set, when they are set.
  private static final Map<Setting<String>, String> SSL =
      Map.of(
          KafkaConfigTable.SSL_TRUSTSTORE_LOCATION, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
          KafkaConfigTable.SSL_TRUSTSTORE_PASSWORD, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
          KafkaConfigTable.SSL_TRUSTSTORE_TYPE, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
          KafkaConfigTable.SSL_KEYSTORE_LOCATION, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
          KafkaConfigTable.SSL_KEYSTORE_PASSWORD, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
          KafkaConfigTable.SSL_KEYSTORE_TYPE, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG,
          KafkaConfigTable.SSL_KEY_PASSWORD, SslConfigs.SSL_KEY_PASSWORD_CONFIG);

  private static final String PLAIN_MODULE =
      "org.apache.kafka.common.security.plain.PlainLoginModule";
  private static final String SCRAM_MODULE =
      "org.apache.kafka.common.security.scram.ScramLoginModule";

  private ClientProperties() {}

  public static Map<String, Object> producer(KafkaSettings s) {
    Map<String, Object> p = common(s, s.get(KafkaConfigTable.CLIENT_ID));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(
        ProducerConfig.LINGER_MS_CONFIG, (int) s.get(KafkaConfigTable.PRODUCER_LINGER).toMillis());
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, s.get(KafkaConfigTable.PRODUCER_BATCH_SIZE));
    p.put(
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        s.get(KafkaConfigTable.PRODUCER_COMPRESSION).toLowerCase(Locale.ROOT));
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, s.get(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE));
    long delivery = s.get(KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT).toMillis();
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
    // delivery.timeout.ms must be at least linger.ms + request.timeout.ms
    long request = Math.min(30_000, delivery - s.get(KafkaConfigTable.PRODUCER_LINGER).toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, request));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putAll(s.clientProperties);
    return p;
  }

  /** A group member's configuration. */
  public static Map<String, Object> groupConsumer(
      KafkaSettings s, String group, String clientId, int maxPollRecords) {
    Map<String, Object> p = consumerBase(s, clientId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    p.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        (int) s.get(KafkaConfigTable.CONSUMER_MAX_POLL_INTERVAL).toMillis());
    String protocol = s.clientProperties.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    if (protocol == null || protocol.toLowerCase(Locale.ROOT).equals("classic")) {
      int session = (int) s.get(KafkaConfigTable.CONSUMER_SESSION_TIMEOUT).toMillis();
      p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
      // Frequent heartbeats let members learn of a rebalance sooner (Kafka's default is 3 s).
      p.put(
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(100, Math.min(1000, session / 3)));
      p.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    p.putAll(s.clientProperties);
    return p;
  }

  /** A consumer outside any group, for reading a topic from the beginning (dead letters). */
  public static Map<String, Object> reader(KafkaSettings s, String clientId) {
    Map<String, Object> p = consumerBase(s, clientId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    p.putAll(s.clientProperties);
    return p;
  }

  public static Map<String, Object> admin(KafkaSettings s) {
    Map<String, Object> p = common(s, s.get(KafkaConfigTable.CLIENT_ID) + "-admin");
    p.putAll(s.clientProperties);
    return p;
  }

  private static Map<String, Object> consumerBase(KafkaSettings s, String clientId) {
    Map<String, Object> p = common(s, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return p;
  }

  private static Map<String, Object> common(KafkaSettings s, String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        s.get(KafkaConfigTable.BOOTSTRAP_SERVERS).replace(" ", ""));
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, s.securityProtocol);
    if (s.securityProtocol.startsWith("SASL") && s.get(KafkaConfigTable.SASL_MECHANISM) != null) {
      String mechanism = s.get(KafkaConfigTable.SASL_MECHANISM).toUpperCase(Locale.ROOT);
      p.put(SaslConfigs.SASL_MECHANISM, mechanism);
      if (s.get(KafkaConfigTable.SASL_USERNAME) != null) {
        p.put(
            SaslConfigs.SASL_JAAS_CONFIG,
            jaas(mechanism.equals("PLAIN") ? PLAIN_MODULE : SCRAM_MODULE, s));
      }
    }
    if (s.securityProtocol.endsWith("SSL")) {
      SSL.forEach(
          (row, property) -> {
            if (s.get(row) != null) {
              p.put(property, s.get(row));
            }
          });
      p.put(
          SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
          s.get(KafkaConfigTable.SSL_ENDPOINT_IDENTIFICATION) ? "https" : "");
    }
    return p;
  }

  private static String jaas(String module, KafkaSettings s) {
    return module
        + " required username=\""
        + escape(s.get(KafkaConfigTable.SASL_USERNAME))
        + "\" password=\""
        + escape(s.get(KafkaConfigTable.SASL_PASSWORD))
        + "\";";
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
