package dev.eventbus.kafka.internal;

import dev.eventbus.kafka.ContentMode;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.CloudEventAttributes;
import dev.eventbus.spi.KnownAttribute;
import dev.eventbus.spi.StructuredCloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Maps {@link BrokerMessage} to Kafka records and back with the CloudEvents Kafka protocol binding,
 * in either content mode, as the mapping table of {@code docs/kafka.md} says; this adapter's own
 * headers ({@value #INTERNAL_PREFIX}*) are removed on the way in. Stateless and thread-safe.
 * Reading never fails: a record of another producer becomes a message of what is there, and the
 * core dead-letters what it cannot decode.
 */
public final class RecordMapping {
  static final String CE_PREFIX = "ce_";
  static final String INTERNAL_PREFIX = "eventbus-kafka-";

  /** On retry-topic records: when the record is due, epoch milliseconds. */
  public static final String DUE_HEADER = INTERNAL_PREFIX + "due";

  /** On dead-letter records: the message's partition key (the record key is the id). */
  public static final String KEY_HEADER = INTERNAL_PREFIX + "key";

  static final String CONTENT_TYPE_HEADER = "content-type";

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] STRUCTURED =
      StructuredCloudEvents.CONTENT_TYPE.getBytes(StandardCharsets.US_ASCII);

  private static final Map<String, WellKnown> WELL_KNOWN =
      CloudEventAttributes.ALL.stream()
          .map(WellKnown::new)
          .collect(Collectors.toUnmodifiableMap(w -> w.attribute, w -> w));

  private static final WellKnown[][] WELL_KNOWN_BY_LENGTH = byLength(WELL_KNOWN.values());

  private static final WellKnown CONTENT_TYPE =
      WELL_KNOWN.get(CloudEventAttributes.DATACONTENTTYPE);

  private RecordMapping() {}

  /** A record with adapter headers added, partitioned by key (sticky when the key is null). */
  public static ProducerRecord<byte[], byte[]> toRecord(
      String topic, BrokerMessage message, Map<String, String> internalHeaders, ContentMode mode) {
    return toRecord(topic, null, message, internalHeaders, mode);
  }

  /** As above, to a partition, or partitioned by key when it is null. */
  static ProducerRecord<byte[], byte[]> toRecord(
      String topic,
      Integer partition,
      BrokerMessage message,
      Map<String, String> internalHeaders,
      ContentMode mode) {
    boolean structured = mode == ContentMode.STRUCTURED;
    HeaderList headers =
        new HeaderList(
            (structured ? 1 : message.attributes().size())
                + message.headers().size()
                + internalHeaders.size());
    byte[] value;
    if (structured) {
      headers.add(new RecordHeader(CONTENT_TYPE_HEADER, STRUCTURED));
      value = StructuredCloudEvents.write(message.attributes(), message.body());
    } else {
      // forEach, not entrySet(): an unmodifiable map's entry iterator wraps every entry
      message.attributes().forEach(headers);
      value = message.body();
    }
    headers.attributes = false;
    message.headers().forEach(headers);
    internalHeaders.forEach(headers);
    // An ArrayList is taken as it is by the record's headers; any other list would be copied.
    return new ProducerRecord<>(topic, partition, null, bytes(message.key()), value, headers);
  }

  /**
   * A dead-letter record, keyed by a unique key (the event id) so that the compacted topic keeps
   * one entry per event, with the partition key in {@link #KEY_HEADER}.
   */
  public static ProducerRecord<byte[], byte[]> toDeadLetterRecord(
      String topic, BrokerMessage message, String recordKey) {
    Map<String, String> internal =
        message.key() == null ? Map.of() : Map.of(KEY_HEADER, message.key());
    ProducerRecord<byte[], byte[]> r = toRecord(topic, message, internal, ContentMode.BINARY);
    return new ProducerRecord<>(topic, null, null, bytes(recordKey), r.value(), r.headers());
  }

  /** Reads a record of {@link #toDeadLetterRecord}, with its original partition key. */
  public static BrokerMessage fromDeadLetterRecord(ConsumerRecord<byte[], byte[]> record) {
    Header key = record.headers().lastHeader(KEY_HEADER);
    return read(record, key == null ? null : key.value());
  }

  public static BrokerMessage fromRecord(ConsumerRecord<byte[], byte[]> record) {
    return read(record, record.key());
  }

  /** The partition key of a record, without mapping its headers. */
  public static String key(ConsumerRecord<byte[], byte[]> record) {
    return string(record.key());
  }

  /** Fills the message's maps in place: this runs for every record. */
  private static BrokerMessage read(ConsumerRecord<byte[], byte[]> record, byte[] key) {
    byte[] value = record.value() == null ? EMPTY : record.value();
    BrokerMessage.Builder message = BrokerMessage.builder(value).key(string(key));
    boolean structured = false;
    for (Header h : record.headers()) {
      String name = h.key();
      if (name == null) {
        continue;
      }
      WellKnown known = wellKnown(name);
      if (known == CONTENT_TYPE && StructuredCloudEvents.isStructured(h.value())) {
        structured = true;
      } else if (known != null) {
        message.attribute(known.attribute, known.decode(h.value()));
      } else if (name.startsWith(CE_PREFIX) && name.length() > CE_PREFIX.length()) {
        // ce_datacontenttype included: records written before content-type carried it
        message.attribute(name.substring(CE_PREFIX.length()), value(h));
      } else if (!name.startsWith(INTERNAL_PREFIX)) {
        message.header(name, value(h));
      }
    }
    return structured
        ? StructuredCloudEvents.read(value, () -> withHeaders(record, key, value))
        : message.build();
  }

  /** A message of a structured record's value and its plain headers, without attributes. */
  private static BrokerMessage.Builder withHeaders(
      ConsumerRecord<byte[], byte[]> record, byte[] key, byte[] value) {
    BrokerMessage.Builder message = BrokerMessage.builder(value).key(string(key));
    for (Header h : record.headers()) {
      String name = h.key();
      if (name != null
          && !name.startsWith(INTERNAL_PREFIX)
          && !name.startsWith(CE_PREFIX)
          && !name.equals(CONTENT_TYPE_HEADER)) {
        message.header(name, value(h));
      }
    }
    return message;
  }

  /** Found by length and {@code equals}: hashing the freshly decoded name cost more. */
  private static WellKnown wellKnown(String header) {
    int length = header.length();
    if (length < WELL_KNOWN_BY_LENGTH.length) {
      for (WellKnown known : WELL_KNOWN_BY_LENGTH[length]) {
        if (known.header.equals(header)) {
          return known;
        }
      }
    }
    return null;
  }

  private static WellKnown[][] byLength(Collection<WellKnown> all) {
    int max = all.stream().mapToInt(w -> w.header.length()).max().orElse(0);
    WellKnown[][] table = new WellKnown[max + 1][0];
    for (WellKnown w : all) {
      int length = w.header.length();
      WellKnown[] same = Arrays.copyOf(table[length], table[length].length + 1);
      same[same.length - 1] = w;
      table[length] = same;
    }
    return table;
  }

  /** An internal header's value, or the fallback when it is missing or not a number. */
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

  private static String value(Header h) {
    byte[] v = h.value();
    return v == null ? "" : new String(v, StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** A record's headers being built and the action adding each entry: attributes, then others. */
  @SuppressWarnings("serial") // never serialized
  private static final class HeaderList extends ArrayList<Header>
      implements BiConsumer<String, String> {
    boolean attributes = true;

    HeaderList(int capacity) {
      super(capacity);
    }

    @Override
    public void accept(String name, String value) {
      if (!attributes) {
        add(new RecordHeader(name, bytes(value)));
        return;
      }
      WellKnown known = WELL_KNOWN.get(name);
      add(
          known != null
              ? new RecordHeader(known.header, known.encode(value))
              : new RecordHeader(CE_PREFIX + name, bytes(value)));
    }
  }

  /**
   * An attribute and its header. {@link KnownAttribute} keeps the last encodings and decodings of
   * the values that repeat from event to event (the same few sources, types, versions): coding them
   * again for every record cost more.
   */
  static final class WellKnown {
    final String attribute;
    final String header;
    private final KnownAttribute values;

    WellKnown(String attribute) {
      this.attribute = attribute;
      this.header =
          attribute.equals(CloudEventAttributes.DATACONTENTTYPE)
              ? CONTENT_TYPE_HEADER
              : CE_PREFIX + attribute;
      this.values = KnownAttribute.named(attribute);
    }

    byte[] encode(String value) {
      return value == null ? null : values.encode(value);
    }

    String decode(byte[] value) {
      return value == null ? "" : values.decode(value, 0, value.length);
    }
  }
}
