package dev.eventbus.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import dev.eventbus.HealthStatus;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Dead letters in the compacted topic {@code <topic>.<group>.dlq}, one record per event id. Reading
 * assigns every partition (no consumer group) and reads from the beginning to the end offsets taken
 * at the start, keeping the last record of each key; a tombstone (null value) removes a key. Delete
 * and purge write tombstones and return once Kafka acknowledged them, so the next read no longer
 * sees those letters.
 *
 * <p>Thread-safe: calls take turns on one reader consumer. Each call reads the whole topic, which
 * suits dead-letter volumes (a backlog to inspect and redrive), not millions of letters.
 */
final class KafkaDeadLetterStore implements DeadLetterStore {
  private final KafkaSettings settings;
  private final KafkaPublisher publisher;
  private final Supplier<BrokerHealth> cluster;
  private Consumer<byte[], byte[]> reader;

  /** {@code cluster}: whether Kafka answers, waiting a moment at most to find out. */
  KafkaDeadLetterStore(
      KafkaSettings settings, KafkaPublisher publisher, Supplier<BrokerHealth> cluster) {
    this.settings = settings;
    this.publisher = publisher;
    this.cluster = cluster;
  }

  @Override
  public List<BrokerMessage> list(String topic, String group, int max) {
    List<ConsumerRecord<byte[], byte[]>> live = live(topic, group);
    return live.subList(0, Math.min(Math.max(max, 0), live.size())).stream()
        .map(RecordMapping::fromDeadLetterRecord)
        .toList();
  }

  @Override
  public long count(String topic, String group) {
    return live(topic, group).size();
  }

  @Override
  public boolean delete(String topic, String group, String eventId) {
    if (eventId == null) {
      return false;
    }
    List<String> keys = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : live(topic, group)) {
      BrokerMessage m = RecordMapping.fromRecord(r);
      if (eventId.equals(key(r))
          || eventId.equals(m.id())
          || eventId.equals(m.headers().get(DeadLetter.ID_HEADER))) {
        keys.add(key(r));
      }
    }
    tombstones(Topics.deadLetterTopic(topic, group), keys);
    return !keys.isEmpty();
  }

  @Override
  public long purge(String topic, String group) {
    List<String> keys = live(topic, group).stream().map(KafkaDeadLetterStore::key).toList();
    tombstones(Topics.deadLetterTopic(topic, group), keys);
    return keys.size();
  }

  private void tombstones(String dlqTopic, List<String> keys) {
    CompletableFuture<?>[] writes =
        keys.stream()
            .map(k -> publisher.send(new ProducerRecord<>(dlqTopic, k.getBytes(UTF_8), null), k))
            .toArray(CompletableFuture<?>[]::new);
    try {
      Topics.await(CompletableFuture.allOf(writes), "remove dead letters from " + dlqTopic);
    } catch (ExecutionException e) {
      throw new EventBusException(
          "Removing dead letters from " + dlqTopic + " failed", e.getCause());
    }
  }

  synchronized void close() {
    if (reader != null) {
      try {
        reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (KafkaException e) {
        // a reader that failed is replaced; nothing of it is needed
      }
      reader = null;
    }
  }

  /** The live dead letters, oldest first. */
  private synchronized List<ConsumerRecord<byte[], byte[]>> live(String topic, String group) {
    Topics.validateNames(topic, group);
    String dlqTopic = Topics.deadLetterTopic(topic, group);
    BrokerHealth kafka = cluster.get();
    if (kafka.status() != HealthStatus.UP) {
      // a reader would wait for metadata the whole timeout, and fail then
      throw new RetryableEventBusException(
          "Cannot read dead letters from " + dlqTopic + " now: " + kafka.detail());
    }
    try {
      if (reader == null) {
        reader = new KafkaConsumer<>(settings.deadLetterReaderConfig());
      }
      return readAll(reader, dlqTopic);
    } catch (RuntimeException e) {
      close();
      throw e instanceof KafkaException
          ? settings.redaction.failure("Reading dead letters from " + dlqTopic + " failed", e)
          : e;
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      Consumer<byte[], byte[]> reader, String dlqTopic) {
    List<PartitionInfo> infos = reader.partitionsFor(dlqTopic, Topics.TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      return List.of(); // nothing was ever dead-lettered
    }
    List<TopicPartition> tps =
        infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    reader.assign(tps);
    reader.seekToBeginning(tps);
    Map<TopicPartition, Long> end = reader.endOffsets(tps, Topics.TIMEOUT);
    Map<String, ConsumerRecord<byte[], byte[]>> live = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Topics.TIMEOUT.toNanos();
    while (!reachedEnd(reader, end)) {
      if (System.nanoTime() > deadline) {
        throw new EventBusException(
            "Reading dead letters from " + dlqTopic + " did not finish within " + Topics.TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
        live.remove(key(r));
        if (r.value() != null) {
          live.put(key(r), r);
        }
      }
    }
    List<ConsumerRecord<byte[], byte[]>> ordered = new ArrayList<>(live.values());
    ordered.sort(
        Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return ordered;
  }

  private static boolean reachedEnd(Consumer<?, ?> reader, Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .allMatch(e -> reader.position(e.getKey(), Topics.TIMEOUT) >= e.getValue());
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? "" : new String(r.key(), UTF_8);
  }
}
