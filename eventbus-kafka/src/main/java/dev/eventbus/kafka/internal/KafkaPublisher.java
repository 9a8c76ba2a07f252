package dev.eventbus.kafka.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.PublishException;
import dev.eventbus.kafka.ContentMode;
import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Sends records with the broker's one idempotent producer, each acknowledgement a future completed
 * on the producer's I/O thread once the broker has the record (acks=all), or failed with {@link
 * EventTooLargeException} over the size limit and {@link PublishException} otherwise. Thread-safe;
 * records sent from one thread keep their order per partition.
 */
final class KafkaPublisher {
  private final Producer<byte[], byte[]> producer;
  private final int maxRequestSize;
  private final ContentMode contentMode;
  private final Map<String, ContentMode> topicContentModes;
  private final Map<String, Spread> spreads = new ConcurrentHashMap<>();
  private final Function<String, CompletableFuture<Long>> topicLimits;

  /**
   * A publisher writing records in the mode of {@code producer.content-mode}, or of the topic's
   * {@code topic.<name>.content-mode}; {@code topicLimits} reads a topic's {@code
   * max.message.bytes} to name it when the broker refuses a record as too large.
   */
  KafkaPublisher(
      Producer<byte[], byte[]> producer,
      KafkaSettings settings,
      Function<String, CompletableFuture<Long>> topicLimits) {
    this.producer = producer;
    this.topicLimits = topicLimits;
    this.maxRequestSize = settings.get(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE);
    this.contentMode = settings.get(KafkaConfigTable.PRODUCER_CONTENT_MODE);
    this.topicContentModes = settings.topicContentModes;
  }

  /**
   * Sends a message by its key's hash, or spread over the partitions when it has no key, to a
   * record topic that carries an event topic's events (itself, or its retry topic), in the event
   * topic's content mode.
   */
  CompletableFuture<Void> send(
      String recordTopic,
      String eventTopic,
      BrokerMessage message,
      Map<String, String> internalHeaders) {
    Integer partition = message.key() == null ? spread(recordTopic) : null;
    ContentMode mode = topicContentModes.getOrDefault(eventTopic, contentMode);
    return send(
        RecordMapping.toRecord(recordTopic, partition, message, internalHeaders, mode),
        message.id());
  }

  /**
   * The partition of the next unkeyed record of a topic: runs of {@link #RUN} records, one
   * partition after the other. Left to itself the producer keeps a partition until its batch is
   * full, so a burst went to one partition and so to one instance of each group; runs keep most of
   * the batching. The partition count is read again every 65,536 records (partitions may be added).
   * Null, for the producer to choose, while the topic's partitions are not known.
   */
  private Integer spread(String topic) {
    Spread s = spreads.get(topic);
    long n = s == null ? 0 : s.next().getAndIncrement();
    if (s == null || (n & 0xFFFF) == 0xFFFF) {
      int count;
      try {
        count = producer.partitionsFor(topic).size();
      } catch (KafkaException e) {
        return null; // the send reports what is wrong
      }
      if (count == 0) {
        return null;
      }
      s = new Spread(count, new AtomicLong(n + 1));
      spreads.put(topic, s);
    }
    return (int) ((n / RUN) % s.partitions());
  }

  private static final int RUN = 16;

  private record Spread(int partitions, AtomicLong next) {}

  /** Sends a record as it is (dead letters, tombstones); the id is for error messages. */
  CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record, String eventId) {
    Acknowledgement result = new Acknowledgement(this, record, eventId);
    try {
      producer.send(record, result);
    } catch (KafkaException | IllegalStateException e) {
      result.completeExceptionally(translate(record, eventId, e));
    }
    return result;
  }

  /** The partition a completed send went to, or -1 if unknown. */
  static int partitionOf(CompletableFuture<Void> sent) {
    return sent instanceof Acknowledgement a ? a.partition : -1;
  }

  // A future and its producer callback in one object: a callback lambda per record showed on the
  // producer's I/O thread, which completes every record.
  private static final class Acknowledgement extends CompletableFuture<Void> implements Callback {
    private final KafkaPublisher publisher;
    private final ProducerRecord<byte[], byte[]> record;
    private final String eventId;
    private volatile int partition = -1;

    Acknowledgement(
        KafkaPublisher publisher, ProducerRecord<byte[], byte[]> record, String eventId) {
      this.publisher = publisher;
      this.record = record;
      this.eventId = eventId;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error == null) {
        partition = metadata.partition();
        complete(null);
      } else if (error instanceof RecordTooLargeException
          && size(record) <= publisher.maxRequestSize) {
        // under the producer's limit: the broker refused it, over the topic's max.message.bytes
        publisher
            .topicLimits
            .apply(record.topic())
            .whenComplete(
                (limit, e) -> completeExceptionally(publisher.tooLarge(record, eventId, limit)));
      } else {
        completeExceptionally(publisher.translate(record, eventId, error));
      }
    }
  }

  private EventBusException translate(
      ProducerRecord<byte[], byte[]> record, String eventId, Exception error) {
    if (error instanceof RecordTooLargeException) {
      return new EventTooLargeException(
          eventId, size(record), maxRequestSize, "eventbus.kafka.producer.max-request-size");
    }
    return new PublishException(
        "Kafka did not acknowledge event "
            + eventId
            + " on topic "
            + record.topic()
            + ": "
            + error.getMessage(),
        error);
  }

  /** The broker refused a record as too large: names its limit, when it could be read. */
  private EventTooLargeException tooLarge(
      ProducerRecord<byte[], byte[]> record, String eventId, Long limit) {
    String name = "max.message.bytes of Kafka topic '" + record.topic() + "'";
    return limit != null
        ? new EventTooLargeException(eventId, size(record), limit, name)
        : new EventTooLargeException(eventId, size(record), name + " (it could not be read)");
  }

  private static long size(ProducerRecord<byte[], byte[]> record) {
    long size = record.value() == null ? 0 : record.value().length;
    size += record.key() == null ? 0 : record.key().length;
    for (var h : record.headers()) {
      size += h.key().getBytes(StandardCharsets.UTF_8).length;
      size += h.value() == null ? 0 : h.value().length;
    }
    return size;
  }
}
