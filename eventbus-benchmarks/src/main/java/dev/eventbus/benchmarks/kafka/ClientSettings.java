package dev.eventbus.benchmarks.kafka;

import dev.eventbus.GroupOptions;
import dev.eventbus.kafka.KafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The kafka-clients settings every side of the Kafka comparison runs with, taken from {@link
 * KafkaBroker}'s defaults and given explicitly to the adapter too ({@link #adapter}), so that a
 * change of an adapter default cannot make the sides differ unnoticed. Producer: {@code acks=all},
 * idempotent, 5 requests in flight, linger, batch size, compression and request size. Consumer:
 * {@link #MAX_POLL_RECORDS} per poll, manual commits every {@link #COMMIT_INTERVAL}, the adapter's
 * heartbeat, session timeout and assignor. Serializers are each side's own.
 */
final class ClientSettings {
  /** Partitions of every benchmark topic. */
  static final int PARTITIONS = KafkaBroker.DEFAULT_TOPIC_PARTITIONS;

  /** Producer {@code linger.ms}. */
  static final Duration LINGER = KafkaBroker.DEFAULT_LINGER;

  /** Producer {@code batch.size}. */
  static final int BATCH_SIZE = KafkaBroker.DEFAULT_BATCH_SIZE;

  /** Producer {@code compression.type}. */
  static final String COMPRESSION = KafkaBroker.DEFAULT_COMPRESSION;

  /** How often consumers commit, asynchronously. */
  static final Duration COMMIT_INTERVAL = KafkaBroker.DEFAULT_COMMIT_INTERVAL;

  /**
   * Consumer {@code max.poll.records}: what the adapter derives from a group's in-flight bound by
   * default (at most 500), given to every side.
   */
  static final int MAX_POLL_RECORDS = Math.min(GroupOptions.DEFAULT_MAX_IN_FLIGHT, 500);

  /** Consumer {@code session.timeout.ms}. */
  static final Duration SESSION_TIMEOUT = KafkaBroker.DEFAULT_SESSION_TIMEOUT;

  /** Consumer {@code heartbeat.interval.ms}: the adapter's, a third of the session, at most 1 s. */
  static final Duration HEARTBEAT =
      Duration.ofMillis(Math.max(100, Math.min(1000, SESSION_TIMEOUT.toMillis() / 3)));

  private ClientSettings() {}

  /**
   * The adapter with these settings.
   *
   * @param bootstrap the bootstrap servers
   * @return a builder to finish and build
   */
  static KafkaBroker.Builder adapter(String bootstrap) {
    return KafkaBroker.builder()
        .bootstrapServers(bootstrap)
        .clientId("bench")
        .topicPartitions(PARTITIONS)
        .linger(LINGER)
        .batchSize(BATCH_SIZE)
        .compression(COMPRESSION)
        .commitInterval(COMMIT_INTERVAL)
        .sessionTimeout(SESSION_TIMEOUT)
        .clientProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
  }

  /**
   * A producer's configuration, without serializers.
   *
   * @param bootstrap the bootstrap servers
   * @param clientId the client id
   * @return a new map
   */
  static Map<String, Object> producer(String bootstrap, String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.LINGER_MS_CONFIG, (int) LINGER.toMillis());
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaBroker.DEFAULT_MAX_REQUEST_SIZE);
    return p;
  }

  /**
   * A group member's configuration, without deserializers and without a group id (each side names
   * its group its own way).
   *
   * @param bootstrap the bootstrap servers
   * @param clientId the client id
   * @return a new map
   */
  static Map<String, Object> consumer(String bootstrap, String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT.toMillis());
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    return p;
  }
}
