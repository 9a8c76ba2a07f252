package dev.eventbus.kafka.internal;

import dev.eventbus.spi.Setting;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
 * ClientPropertyDefinitions} rejects client properties that try.
 */
public final class ClientProperties {
  // The text rows of TLS are named as the kafka-clients properties they set.
  private static final List<Setting<?>> SSL =
      KafkaConfigTable.TABLE.settings().stream()
          .filter(s -> s.name().startsWith("ssl.") && s.type() == Setting.STRING)
          .toList();

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
    int linger = millis(s, KafkaConfigTable.PRODUCER_LINGER);
    int delivery = millis(s, KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT);
    p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, s.get(KafkaConfigTable.PRODUCER_BATCH_SIZE));
    p.put(
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        s.get(KafkaConfigTable.PRODUCER_COMPRESSION).toLowerCase(Locale.ROOT));
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, s.get(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
    // delivery.timeout.ms must be at least linger.ms + request.timeout.ms
    p.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, Math.min(30_000, delivery - linger)));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.putAll(s.clientProperties);
    return p;
  }

  /** The configuration of a group's member, numbered within this process. */
  public static Map<String, Object> groupConsumer(
      KafkaSettings s, String group, int member, int maxPollRecords) {
    Map<String, Object> p =
        consumerBase(s, s.get(KafkaConfigTable.CLIENT_ID) + "-" + group + "-" + member);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    p.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        millis(s, KafkaConfigTable.CONSUMER_MAX_POLL_INTERVAL));
    String protocol = s.clientProperties.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    if (protocol == null || protocol.toLowerCase(Locale.ROOT).equals("classic")) {
      int session = millis(s, KafkaConfigTable.CONSUMER_SESSION_TIMEOUT);
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

  /** A consumer outside any group, for reading the dead-letter topics from the beginning. */
  public static Map<String, Object> deadLetterReader(KafkaSettings s) {
    Map<String, Object> p = consumerBase(s, s.get(KafkaConfigTable.CLIENT_ID) + "-dlq");
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
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
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
    String mechanism = s.get(KafkaConfigTable.SASL_MECHANISM);
    if (s.securityProtocol.startsWith("SASL") && mechanism != null) {
      mechanism = mechanism.toUpperCase(Locale.ROOT);
      p.put(SaslConfigs.SASL_MECHANISM, mechanism);
      if (s.get(KafkaConfigTable.SASL_USERNAME) != null) {
        p.put(
            SaslConfigs.SASL_JAAS_CONFIG,
            jaas(mechanism.equals("PLAIN") ? PLAIN_MODULE : SCRAM_MODULE, s));
      }
    }
    if (s.securityProtocol.endsWith("SSL")) {
      SSL.stream().filter(row -> s.get(row) != null).forEach(row -> p.put(row.name(), s.get(row)));
      p.put(
          SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
          s.get(KafkaConfigTable.SSL_ENDPOINT_IDENTIFICATION) ? "https" : "");
    }
    return p;
  }

  private static int millis(KafkaSettings s, Setting<Duration> row) {
    return (int) s.get(row).toMillis();
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
