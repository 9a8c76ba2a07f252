package dev.eventbus.kafka.internal;

import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Maps {@link BrokerMessage} to Kafka records and back, with the CloudEvents Kafka protocol binding
 * in binary content mode: each attribute {@code name} is the header {@code ce_name} (UTF-8), the
 * payload is the record value, the partition key is the record key. Other headers travel as they
 * are. Headers of this adapter ({@value #INTERNAL_PREFIX}*) are removed on the way in.
 *
 * <p>Reading never fails: records of other producers (no {@code ce_} headers, a null key or value,
 * bytes that are not UTF-8) become messages with what is there, and the core decides (it
 * dead-letters what it cannot decode).
 */
public final class RecordMapping {
  /** Prefix of CloudEvents attribute headers. */
  public static final String CE_PREFIX = "ce_";

  /** Prefix of headers this adapter uses for itself; never handed to the core. */
  public static final String INTERNAL_PREFIX = "eventbus-kafka-";

  /** Header on retry-topic records: when the record is due, epoch milliseconds. */
  public static final String DUE_HEADER = INTERNAL_PREFIX + "due";

  /** Header on dead-letter records: the message's partition key (the record key is the id). */
  public static final String KEY_HEADER = INTERNAL_PREFIX + "key";

  private static final byte[] EMPTY = new byte[0];

  private RecordMapping() {}

  /**
   * Builds a record.
   *
   * @param topic the Kafka topic
   * @param message the message
   * @param internalHeaders adapter headers to add (names start with {@value #INTERNAL_PREFIX})
   * @return the record, partitioned by key (sticky partitioning when the key is null)
   */
  public static ProducerRecord<byte[], byte[]> toRecord(
      String topic, BrokerMessage message, Map<String, String> internalHeaders) {
    List<Header> headers =
        new ArrayList<>(
            message.attributes().size() + message.headers().size() + internalHeaders.size());
    message.attributes().forEach((k, v) -> headers.add(header(CE_PREFIX + k, v)));
    message.headers().forEach((k, v) -> headers.add(header(k, v)));
    internalHeaders.forEach((k, v) -> headers.add(header(k, v)));
    return new ProducerRecord<>(topic, null, null, bytes(message.key()), message.body(), headers);
  }

  /**
   * Builds a dead-letter record: keyed by a unique key (the event id) so that the compacted
   * dead-letter topic keeps one entry per event, with the partition key in {@link #KEY_HEADER}.
   *
   * @param topic the dead-letter topic
   * @param message the message with its dead-letter headers
   * @param recordKey the key in the dead-letter topic
   * @return the record
   */
  public static ProducerRecord<byte[], byte[]> toDeadLetterRecord(
      String topic, BrokerMessage message, String recordKey) {
    Map<String, String> internal =
        message.key() == null ? Map.of() : Map.of(KEY_HEADER, message.key());
    ProducerRecord<byte[], byte[]> r = toRecord(topic, message, internal);
    return new ProducerRecord<>(topic, null, null, bytes(recordKey), r.value(), r.headers());
  }

  /**
   * Reads a dead-letter record written by {@link #toDeadLetterRecord}.
   *
   * @param record the record
   * @return the message with its original partition key
   */
  public static BrokerMessage fromDeadLetterRecord(ConsumerRecord<byte[], byte[]> record) {
    BrokerMessage m = fromRecord(record);
    Header key = record.headers().lastHeader(KEY_HEADER);
    String partitionKey =
        key == null || key.value() == null ? null : new String(key.value(), StandardCharsets.UTF_8);
    return BrokerMessage.of(partitionKey, m.attributes(), m.headers(), m.body());
  }

  /**
   * Reads a record.
   *
   * @param record the record
   * @return the message, without this adapter's internal headers
   */
  public static BrokerMessage fromRecord(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : record.headers()) {
      String name = h.key();
      if (name == null || name.startsWith(INTERNAL_PREFIX)) {
        continue;
      }
      String value = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
      if (name.startsWith(CE_PREFIX) && name.length() > CE_PREFIX.length()) {
        attributes.put(name.substring(CE_PREFIX.length()), value);
      } else {
        headers.put(name, value);
      }
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    byte[] body = record.value() == null ? EMPTY : record.value();
    return BrokerMessage.of(key, attributes, headers, body);
  }

  /**
   * The value of an internal header as a long.
   *
   * @param record the record
   * @param name the header name
   * @param fallback returned when the header is missing or not a number
   * @return the value
   */
  public static long longHeader(ConsumerRecord<?, ?> record, String name, long fallback) {
    Header h = record.headers().lastHeader(name);
    if (h == null || h.value() == null) {
      return fallback;
    }
    try {
      return Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, bytes(value));
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
