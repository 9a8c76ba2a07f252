package dev.eventbus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.kafka.ContentMode;
import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The CloudEvents Kafka binding in binary mode, both ways. */
class RecordMappingTest {
  private static ConsumerRecord<byte[], byte[]> received(ProducerRecord<byte[], byte[]> sent) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : sent.headers()) {
      headers.add(h);
    }
    return new ConsumerRecord<>(
        sent.topic(),
        0,
        7,
        0L,
        TimestampType.CREATE_TIME,
        -1,
        -1,
        sent.key(),
        sent.value(),
        headers,
        java.util.Optional.empty());
  }

  @Test
  void attributesBecomeCeHeadersAndComeBackWithoutInternalHeaders() {
    BrokerMessage m =
        BrokerMessage.of(
            "k",
            Map.of("id", "1", "type", "T"),
            Map.of("h", "v"),
            "b".getBytes(StandardCharsets.UTF_8));
    ProducerRecord<byte[], byte[]> r =
        RecordMapping.toRecord("t", m, Map.of(RecordMapping.DUE_HEADER, "42"), ContentMode.BINARY);

    assertThat(r.headers().lastHeader("ce_id").value())
        .isEqualTo("1".getBytes(StandardCharsets.UTF_8));
    assertThat(RecordMapping.longHeader(received(r), RecordMapping.DUE_HEADER, 0)).isEqualTo(42);
    BrokerMessage back = RecordMapping.fromRecord(received(r));
    assertThat(back.key()).isEqualTo("k");
    assertThat(back.attributes()).isEqualTo(m.attributes());
    assertThat(back.headers()).containsExactly(Map.entry("h", "v"));
    assertThat(back.body()).isEqualTo(m.body());
  }

  @Test
  void theContentTypeIsTheContentTypeHeaderAndTheOldCeHeaderIsStillRead() {
    BrokerMessage m =
        BrokerMessage.of(
            null,
            Map.of("id", "1", "type", "T", "datacontenttype", "application/json"),
            Map.of(),
            "{}".getBytes(StandardCharsets.UTF_8));

    ProducerRecord<byte[], byte[]> r = RecordMapping.toRecord("t", m, Map.of(), ContentMode.BINARY);

    assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
        .isEqualTo("application/json");
    assertThat(r.headers().lastHeader("ce_datacontenttype")).isNull();
    assertThat(RecordMapping.fromRecord(received(r)).attributes()).isEqualTo(m.attributes());

    RecordHeaders old = new RecordHeaders();
    old.add("ce_id", "2".getBytes(StandardCharsets.UTF_8));
    old.add("ce_datacontenttype", "text/plain".getBytes(StandardCharsets.UTF_8));
    ProducerRecord<byte[], byte[]> written =
        new ProducerRecord<>("t", null, null, null, "x".getBytes(StandardCharsets.UTF_8), old);
    assertThat(RecordMapping.fromRecord(received(written)).attributes())
        .containsEntry("datacontenttype", "text/plain")
        .containsEntry("id", "2");
  }

  @Test
  void repeatedAttributeValuesRoundTripWhateverTheirMix() {
    for (int i = 0; i < 200; i++) {
      String type = "com.example.Type" + (i * 7 % 23);
      String version = Integer.toString(i % 5);
      BrokerMessage m =
          BrokerMessage.of(
              null,
              Map.of(
                  "id",
                  "id-" + i,
                  "type",
                  type,
                  "source",
                  "/s" + (i % 3),
                  "specversion",
                  "1.0",
                  "eventversion",
                  version,
                  "datacontenttype",
                  i % 2 == 0 ? "application/json" : "application/avro"),
              Map.of(),
              new byte[0]);
      ProducerRecord<byte[], byte[]> sent =
          RecordMapping.toRecord("t", m, Map.of(), ContentMode.BINARY);
      assertThat(new String(sent.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
          .isEqualTo(type);
      RecordHeaders copied = new RecordHeaders();
      for (Header h : sent.headers()) {
        copied.add(h.key(), h.value().clone()); // as fetched: arrays of their own
      }
      ConsumerRecord<byte[], byte[]> fetched =
          new ConsumerRecord<>(
              "t",
              0,
              i,
              0L,
              TimestampType.CREATE_TIME,
              -1,
              -1,
              null,
              new byte[0],
              copied,
              java.util.Optional.empty());
      assertThat(RecordMapping.fromRecord(fetched).attributes()).isEqualTo(m.attributes());
    }
  }

  @Test
  void deadLetterRecordsAreKeyedByIdAndKeepThePartitionKey() {
    BrokerMessage m = BrokerMessage.of("order-1", Map.of("id", "e-9"), Map.of(), new byte[] {1});
    ProducerRecord<byte[], byte[]> r = RecordMapping.toDeadLetterRecord("t.g.dlq", m, "e-9");

    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("e-9");
    BrokerMessage back = RecordMapping.fromDeadLetterRecord(received(r));
    assertThat(back.key()).isEqualTo("order-1");
    assertThat(back.headers()).isEmpty();
  }

  @Test
  void everyAttributeOfTheDesignAndAnExtensionRoundTrip() {
    Map<String, String> attributes = new java.util.HashMap<>();
    for (String name :
        List.of(
            "id",
            "source",
            "type",
            "specversion",
            "time",
            "datacontenttype",
            "eventversion",
            "subject",
            "partitionkey",
            "correlationid",
            "causationid",
            "traceparent",
            "myextension")) {
      attributes.put(name, name + "-value");
    }
    BrokerMessage m = BrokerMessage.of(null, attributes, Map.of(), new byte[0]);
    ProducerRecord<byte[], byte[]> r = RecordMapping.toRecord("t", m, Map.of(), ContentMode.BINARY);

    assertThat(r.headers().toArray()).hasSize(attributes.size());
    attributes.forEach(
        (name, value) ->
            assertThat(
                    r.headers()
                        .lastHeader(name.equals("datacontenttype") ? "content-type" : "ce_" + name)
                        .value())
                .isEqualTo(value.getBytes(StandardCharsets.UTF_8)));
    BrokerMessage back = RecordMapping.fromRecord(received(r));
    assertThat(back.attributes()).isEqualTo(attributes);
    assertThat(back.headers()).isEmpty();
    assertThat(back.key()).isNull();
  }

  @Test
  void foreignHeadersStayHeadersAndNullValuesBecomeEmpty() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_", "bare-prefix".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_idx", "not-the-id".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_id", null);
    headers.add("traceid", "t-1".getBytes(StandardCharsets.UTF_8));
    headers.add(RecordMapping.KEY_HEADER, "internal".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> foreign =
        new ConsumerRecord<>(
            "t",
            0,
            1,
            0L,
            TimestampType.CREATE_TIME,
            -1,
            -1,
            null,
            null,
            headers,
            java.util.Optional.empty());

    BrokerMessage back = RecordMapping.fromRecord(foreign);

    assertThat(back.attributes()).containsOnly(Map.entry("idx", "not-the-id"), Map.entry("id", ""));
    assertThat(back.headers())
        .containsOnly(Map.entry("ce_", "bare-prefix"), Map.entry("traceid", "t-1"));
    assertThat(back.body()).isEmpty();
  }
}
