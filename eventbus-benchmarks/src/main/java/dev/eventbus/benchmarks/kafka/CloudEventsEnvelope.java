package dev.eventbus.benchmarks.kafka;

import dev.eventbus.benchmarks.load.HandWrittenEnvelope;
import dev.eventbus.benchmarks.load.LoadPayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The second baseline: by hand, the per-record work issue #3 asks of the adapter and nothing more.
 * The producer writes the CloudEvents Kafka binary binding, seven headers ({@code ce_*}: a
 * time-ordered random UUID as {@code id}, {@code source}, {@code type}, {@code specversion}, an RFC
 * 3339 {@code time}, {@code eventversion}; {@code content-type} for {@code datacontenttype}), and a
 * Jackson-encoded {@link LoadPayload} as the value. The consumer turns every header into Strings,
 * checks the type and Jackson-decodes the value on the poll thread: no hand-off, no map, no
 * tracking.
 */
final class CloudEventsEnvelope implements RecordFormat {
  private static final String SOURCE = HandWrittenEnvelope.SOURCE;
  private static final String TYPE = HandWrittenEnvelope.TYPE;
  private static final Header SPECVERSION = header("ce_specversion", "1.0");
  private static final Header SOURCE_HEADER = header("ce_source", SOURCE);
  private static final Header TYPE_HEADER = header("ce_type", TYPE);
  private static final Header CONTENT_TYPE =
      header("content-type", HandWrittenEnvelope.CONTENT_TYPE);
  private static final Header EVENT_VERSION = header("ce_eventversion", "1");

  private final HandWrittenEnvelope envelope;

  CloudEventsEnvelope(int payloadSize) {
    this.envelope = new HandWrittenEnvelope(payloadSize);
  }

  @Override
  public ProducerRecord<byte[], byte[]> record(String topic, long intendedNanos) {
    byte[] value = envelope.body(intendedNanos);
    long now = System.currentTimeMillis();
    List<Header> headers =
        List.of(
            header("ce_id", HandWrittenEnvelope.id(now)),
            SOURCE_HEADER,
            TYPE_HEADER,
            SPECVERSION,
            header("ce_time", envelope.time(now)),
            CONTENT_TYPE,
            EVENT_VERSION);
    return new ProducerRecord<>(topic, null, null, null, value, headers);
  }

  @Override
  public long intendedNanos(ConsumerRecord<byte[], byte[]> record) {
    String type = null;
    for (Header h : record.headers()) {
      String name = h.key();
      String value = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
      if (name.equals("ce_type")) {
        type = value;
      }
    }
    if (!TYPE.equals(type)) {
      throw new IllegalStateException("unexpected ce_type " + type);
    }
    return envelope.intendedNanos(record.value());
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
