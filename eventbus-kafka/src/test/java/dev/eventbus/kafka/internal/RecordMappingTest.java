package dev.eventbus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
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
        RecordMapping.toRecord("t", m, Map.of(RecordMapping.DUE_HEADER, "42"));

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
  void deadLetterRecordsAreKeyedByIdAndKeepThePartitionKey() {
    BrokerMessage m = BrokerMessage.of("order-1", Map.of("id", "e-9"), Map.of(), new byte[] {1});
    ProducerRecord<byte[], byte[]> r = RecordMapping.toDeadLetterRecord("t.g.dlq", m, "e-9");

    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("e-9");
    BrokerMessage back = RecordMapping.fromDeadLetterRecord(received(r));
    assertThat(back.key()).isEqualTo("order-1");
    assertThat(back.headers()).isEmpty();
  }
}
