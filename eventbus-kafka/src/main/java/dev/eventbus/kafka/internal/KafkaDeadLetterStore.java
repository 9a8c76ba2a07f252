package dev.eventbus.kafka.internal;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
public final class KafkaDeadLetterStore implements DeadLetterStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaSettings settings;
  private final KafkaPublisher publisher;
  private Consumer<byte[], byte[]> reader;

  /**
   * Creates the store.
   *
   * @param settings how to connect
   * @param publisher the broker's producer, for tombstones
   */
  public KafkaDeadLetterStore(KafkaSettings settings, KafkaPublisher publisher) {
    this.settings = settings;
    this.publisher = publisher;
  }

  @Override
  public List<BrokerMessage> list(String topic, String group, int max) {
    List<BrokerMessage> result = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : live(topic, group)) {
      if (result.size() >= max) {
        break;
      }
      result.add(RecordMapping.fromDeadLetterRecord(r));
    }
    return result;
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
      String key = key(r);
      BrokerMessage m = RecordMapping.fromRecord(r);
      if (eventId.equals(key)
          || eventId.equals(m.id())
          || eventId.equals(m.headers().get(DeadLetter.ID_HEADER))) {
        keys.add(key);
      }
    }
    tombstones(Topics.deadLetterTopic(topic, group), keys);
    return !keys.isEmpty();
  }

  @Override
  public long purge(String topic, String group) {
    List<String> keys = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : live(topic, group)) {
      keys.add(key(r));
    }
    tombstones(Topics.deadLetterTopic(topic, group), keys);
    return keys.size();
  }

  private void tombstones(String dlqTopic, List<String> keys) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (String key : keys) {
      writes.add(
          publisher.send(
              new ProducerRecord<>(dlqTopic, key.getBytes(StandardCharsets.UTF_8), null), key));
    }
    try {
      CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0]))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new EventBusException(
          "Removing dead letters from " + dlqTopic + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new EventBusException("Removing dead letters from " + dlqTopic + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException("Interrupted while removing dead letters", e);
    }
  }

  /** Closes the reader. */
  public synchronized void close() {
    closeReader();
  }

  /** The live dead letters, oldest first. */
  private synchronized List<ConsumerRecord<byte[], byte[]>> live(String topic, String group) {
    Topics.validateNames(topic, group);
    String dlqTopic = Topics.deadLetterTopic(topic, group);
    try {
      if (reader == null) {
        reader =
            new KafkaConsumer<>(
                ClientProperties.reader(
                    settings, settings.get(KafkaConfigTable.CLIENT_ID) + "-dlq"));
      }
      return readAll(reader, dlqTopic);
    } catch (KafkaException e) {
      closeReader();
      throw new EventBusException("Reading dead letters from " + dlqTopic + " failed", e);
    } catch (RuntimeException e) {
      closeReader();
      throw e;
    }
  }

  private void closeReader() {
    if (reader != null) {
      try {
        reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (KafkaException e) {
        // a reader that failed is replaced; nothing of it is needed
      }
      reader = null;
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(
      Consumer<byte[], byte[]> reader, String dlqTopic) {
    List<PartitionInfo> infos = reader.partitionsFor(dlqTopic, TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      return List.of(); // nothing was ever dead-lettered
    }
    List<TopicPartition> tps = new ArrayList<>();
    infos.forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
    reader.assign(tps);
    reader.seekToBeginning(tps);
    Map<TopicPartition, Long> end = reader.endOffsets(tps, TIMEOUT);
    Map<String, ConsumerRecord<byte[], byte[]>> live = new LinkedHashMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!reachedEnd(reader, end)) {
      if (System.nanoTime() > deadline) {
        throw new EventBusException(
            "Reading dead letters from " + dlqTopic + " did not finish within " + TIMEOUT);
      }
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
        String key = key(r);
        live.remove(key);
        if (r.value() != null) {
          live.put(key, r);
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
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (reader.position(e.getKey(), TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
  }
}
