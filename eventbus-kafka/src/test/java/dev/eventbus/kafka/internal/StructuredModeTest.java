package dev.eventbus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.kafka.ContentMode;
import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Structured content mode on records: the content-type header, the key and plain headers around the
 * CloudEvents JSON document (the format itself is tested with {@code StructuredCloudEvents}).
 */
class StructuredModeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BrokerMessage message(Map<String, String> extra, String contentType, byte[] body) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("id", "0190a9b8-2f1e-7000-8000-000000000001");
    attributes.put("source", "/orders");
    attributes.put("type", "com.example.OrderPlaced");
    attributes.put("specversion", "1.0");
    attributes.put("time", "2026-12-02T03:04:05.123456789Z");
    attributes.put("datacontenttype", contentType);
    attributes.putAll(extra);
    return BrokerMessage.of("order-7", attributes, Map.of("traceparent-extra", "x"), body);
  }

  private static ConsumerRecord<byte[], byte[]> received(ProducerRecord<byte[], byte[]> sent) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : sent.headers()) {
      headers.add(h);
    }
    return record(sent.key(), sent.value(), headers);
  }

  private static ConsumerRecord<byte[], byte[]> record(
      byte[] key, byte[] value, RecordHeaders headers) {
    return new ConsumerRecord<>(
        "t", 0, 3, 0L, TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty());
  }

  private static ConsumerRecord<byte[], byte[]> structured(String document) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
    return record(null, document.getBytes(StandardCharsets.UTF_8), headers);
  }

  @Test
  void aJsonPayloadIsEmbeddedAsDataAndTheDocumentIsValidJson() throws Exception {
    byte[] body = "{\"orderId\":\"o-1\",\"lines\":[{\"sku\":\"a\",\"n\":2}]}".getBytes(UTF8);
    BrokerMessage m = message(Map.of(), "application/json", body);

    ProducerRecord<byte[], byte[]> r =
        RecordMapping.toRecord(
            "t", m, Map.of(RecordMapping.DUE_HEADER, "9"), ContentMode.STRUCTURED);

    assertThat(new String(r.headers().lastHeader("content-type").value(), UTF8))
        .isEqualTo("application/cloudevents+json; charset=UTF-8");
    assertThat(r.headers().headers("ce_id")).isEmpty();
    JsonNode doc = JSON.readTree(r.value());
    assertThat(doc.get("type").asText()).isEqualTo("com.example.OrderPlaced");
    assertThat(doc.get("data").get("lines").get(0).get("n").asInt()).isEqualTo(2);
    assertThat(new String(r.key(), UTF8)).isEqualTo("order-7");

    BrokerMessage back = RecordMapping.fromRecord(received(r));
    assertThat(back.attributes()).isEqualTo(m.attributes());
    assertThat(back.headers()).containsExactly(Map.entry("traceparent-extra", "x"));
    assertThat(back.key()).isEqualTo("order-7");
    assertThat(JSON.readTree(back.body())).isEqualTo(JSON.readTree(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1,2]", "{\"id\":\"1\"", "{\"id\":\"1\"} trailing", ""})
  void aValueThatIsNotTheFormatItClaimsKeepsItsBytesAndNoAttributes(String value) {
    ConsumerRecord<byte[], byte[]> r = structured(value);
    r.headers().add("traceid", "t-1".getBytes(UTF8));

    BrokerMessage back = RecordMapping.fromRecord(r);

    assertThat(back.attributes()).isEmpty();
    assertThat(back.body()).isEqualTo(value.getBytes(UTF8));
    assertThat(back.headers()).containsEntry("traceid", "t-1");
  }

  @Test
  void aBinaryRecordWithAnotherContentTypeHeaderStaysBinary() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("content-type", "application/json".getBytes(UTF8));
    headers.add("ce_id", "b-1".getBytes(UTF8));

    BrokerMessage back = RecordMapping.fromRecord(record(null, "{}".getBytes(UTF8), headers));

    assertThat(back.attributes())
        .containsEntry("id", "b-1")
        .containsEntry("datacontenttype", "application/json");
    assertThat(new String(back.body(), UTF8)).isEqualTo("{}");
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
