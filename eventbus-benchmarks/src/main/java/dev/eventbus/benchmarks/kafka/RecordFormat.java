package dev.eventbus.benchmarks.kafka;

import dev.eventbus.benchmarks.load.LoadPayload;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a raw kafka-clients side of the harness does per record: builds the record it sends, and
 * reads back the intended send time from a record it receives. Implementations are thread-safe:
 * records are built on the sender thread and read on poll threads.
 */
interface RecordFormat {
  /** The bare baseline: a value of the payload size whose first eight bytes are the send time. */
  static RecordFormat bare(int payloadSize) {
    return new RecordFormat() {
      @Override
      public ProducerRecord<byte[], byte[]> record(String topic, long intendedNanos) {
        return new ProducerRecord<>(topic, LoadPayload.rawBody(payloadSize, intendedNanos));
      }

      @Override
      public long intendedNanos(ConsumerRecord<byte[], byte[]> record) {
        return LoadPayload.intendedNanos(record.value());
      }
    };
  }

  /**
   * Builds the record of one message.
   *
   * @param topic the topic
   * @param intendedNanos the intended send time to carry
   * @return a new record
   */
  ProducerRecord<byte[], byte[]> record(String topic, long intendedNanos);

  /**
   * Reads a received record.
   *
   * @param record a record built by {@link #record}
   * @return the intended send time it carries
   */
  long intendedNanos(ConsumerRecord<byte[], byte[]> record);
}
