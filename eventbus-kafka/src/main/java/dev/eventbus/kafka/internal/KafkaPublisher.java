package dev.eventbus.kafka.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.PublishException;
import dev.eventbus.kafka.ContentMode;
import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Sends records with the broker's one idempotent producer and turns each acknowledgement into a
 * future. Thread-safe; records sent from one thread keep their order per partition.
 *
 * <p>Futures complete on the producer's I/O thread once the broker acknowledged the record
 * (acks=all), and fail with {@link EventTooLargeException} for records over the size limit and
 * {@link PublishException} otherwise. Failures are never swallowed.
 */
public final class KafkaPublisher {
  private final Producer<byte[], byte[]> producer;
  private final int maxRequestSize;
  private final ContentMode contentMode;

  /**
   * Wraps a producer.
   *
   * @param producer an idempotent producer with acks=all
   * @param maxRequestSize the producer's max.request.size, for error messages
   * @param contentMode how records carry their events
   */
  public KafkaPublisher(
      Producer<byte[], byte[]> producer, int maxRequestSize, ContentMode contentMode) {
    this.producer = producer;
    this.maxRequestSize = maxRequestSize;
    this.contentMode = contentMode;
  }

  /**
   * Sends a message.
   *
   * @param topic the Kafka topic
   * @param message the message
   * @param internalHeaders adapter headers to add
   * @return completes when the broker acknowledged it
   */
  public CompletableFuture<Void> send(
      String topic, BrokerMessage message, Map<String, String> internalHeaders) {
    return send(RecordMapping.toRecord(topic, message, internalHeaders, contentMode), message.id());
  }

  /**
   * Sends a record with a given key and value, for dead letters and tombstones.
   *
   * @param record the record
   * @param eventId the event id, for error messages
   * @return completes when the broker acknowledged it
   */
  public CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record, String eventId) {
    Acknowledgement result = new Acknowledgement(this, record, eventId);
    try {
      producer.send(record, result);
    } catch (KafkaException | IllegalStateException e) {
      result.completeExceptionally(translate(record, eventId, e));
    }
    return result;
  }

  /**
   * The partition a completed send of this publisher went to.
   *
   * @param sent a future returned by {@code send}, completed normally
   * @return the partition, or -1 if unknown
   */
  static int partitionOf(CompletableFuture<Void> sent) {
    return sent instanceof Acknowledgement a ? a.partition : -1;
  }

  /** Sends everything buffered now instead of after the linger time. */
  public void flush() {
    producer.flush();
  }

  /**
   * The future of one send and its producer callback in one object: a future and a callback lambda
   * per record showed on the producer's I/O thread, which completes every record.
   */
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
      } else {
        completeExceptionally(publisher.translate(record, eventId, error));
      }
    }
  }

  private EventBusException translate(
      ProducerRecord<byte[], byte[]> record, String eventId, Exception error) {
    if (error instanceof RecordTooLargeException) {
      return new EventTooLargeException(
          eventId,
          size(record),
          maxRequestSize,
          "kafka max.request.size or broker message.max.bytes");
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
