package dev.eventbus.kafka;

import static dev.eventbus.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Scheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * The content mode chosen per topic ({@code topic.<name>.content-mode}, {@link
 * KafkaBroker.Builder#contentMode(String, ContentMode)}) over the broker's: records of one bus in
 * both modes on a real broker, as the raw client sees them, and one consumer reading both.
 */
class KafkaTopicContentModeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The payload of the test. */
  public record OrderPlaced(String orderId, int lines) {}

  private final KafkaTestBroker kafka = KafkaTestBroker.shared();
  private final RawKafka raw = new RawKafka(kafka);

  @Test
  void oneTopicStructuredAndAnotherBinaryOnOneBusAndAConsumerReadsBoth() throws Exception {
    String structured = unique("per-topic-structured");
    String binary = unique("per-topic-binary");
    KafkaBroker publishing =
        KafkaTestSupport.brokerBuilder(kafka)
            .contentMode(structured, ContentMode.STRUCTURED)
            .build();
    LinkedBlockingQueue<Event<?>> received = new LinkedBlockingQueue<>();
    try (EventBus publisher = EventBus.builder().broker(publishing).build();
        EventBus consumer =
            EventBus.builder().broker(KafkaTestSupport.brokerBuilder(kafka).build()).build()) {
      publisher.start();
      consumer.start();
      for (String topic : List.of(structured, binary)) {
        consumer.subscribe(
            topic,
            "reader-" + topic,
            OrderPlaced.class,
            (payload, context) -> received.add(context.event()));
      }

      Event<?> s =
          publisher.publish(structured, new OrderPlaced("s-1", 1)).get(30, TimeUnit.SECONDS);
      Event<?> b = publisher.publish(binary, new OrderPlaced("b-1", 2)).get(30, TimeUnit.SECONDS);

      ConsumerRecord<byte[], byte[]> structuredRecord = raw.readAll(structured, 1, TIMEOUT).get(0);
      assertThat(header(structuredRecord, "content-type"))
          .isEqualTo("application/cloudevents+json; charset=UTF-8");
      assertThat(structuredRecord.headers())
          .extracting(Header::key)
          .noneMatch(k -> k.startsWith("ce_"));
      JsonNode doc = JSON.readTree(structuredRecord.value());
      assertThat(doc.get("id").asText()).isEqualTo(s.id());
      assertThat(doc.get("specversion").asText()).isEqualTo("1.0");
      assertThat(doc.get("type").asText()).isEqualTo(s.type());
      assertThat(doc.get("source").asText()).isEqualTo(s.source());
      assertThat(doc.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(doc.get("data")).isEqualTo(JSON.readTree("{\"orderId\":\"s-1\",\"lines\":1}"));

      ConsumerRecord<byte[], byte[]> binaryRecord = raw.readAll(binary, 1, TIMEOUT).get(0);
      assertThat(header(binaryRecord, "content-type")).isEqualTo("application/json");
      assertThat(header(binaryRecord, "ce_id")).isEqualTo(b.id());
      assertThat(header(binaryRecord, "ce_specversion")).isEqualTo("1.0");
      assertThat(header(binaryRecord, "ce_type")).isEqualTo(b.type());
      assertThat(header(binaryRecord, "ce_source")).isEqualTo(b.source());
      assertThat(JSON.readTree(binaryRecord.value()))
          .isEqualTo(JSON.readTree("{\"orderId\":\"b-1\",\"lines\":2}"));

      List<Event<?>> got = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (got.size() < 2 && System.nanoTime() < deadline) {
        Event<?> e = received.poll(100, TimeUnit.MILLISECONDS);
        if (e != null) {
          got.add(e);
        }
      }
      assertThat(got).hasSize(2);
      for (Event<?> sent : List.of(s, b)) {
        assertThat(got)
            .filteredOn(e -> e.id().equals(sent.id()))
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.payload()).isEqualTo(sent.payload());
                  assertThat(e.type()).isEqualTo(sent.type());
                  assertThat(e.source()).isEqualTo(sent.source());
                  assertThat(e.time()).isEqualTo(sent.time());
                });
      }
    }
  }

  @Test
  void aTopicKeyOverridesTheBrokersModeAndRetryCopiesFollowTheirTopic() throws Exception {
    String structured = unique("flat-structured");
    String binary = unique("flat-binary");
    KafkaBroker broker =
        new KafkaBrokerProvider()
            .create(
                Map.of(
                    "bootstrap-servers",
                    kafka.bootstrapServers(),
                    "producer.content-mode",
                    "structured",
                    "topic." + binary + ".content-mode",
                    "BINARY"));
    try (broker) {
      broker.start(
          new BrokerContext(
              Scheduler.system(),
              new SimpleMeterRegistry(),
              EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
      broker.send(structured, message("e-1"), deadline()).get(30, TimeUnit.SECONDS);
      broker.send(binary, message("e-2"), deadline()).get(30, TimeUnit.SECONDS);
      broker.sendToGroup(binary, "g", message("e-3"), deadline()).get(30, TimeUnit.SECONDS);

      assertThat(header(raw.readAll(structured, 1, TIMEOUT).get(0), "content-type"))
          .startsWith("application/cloudevents+json");
      ConsumerRecord<byte[], byte[]> b = raw.readAll(binary, 1, TIMEOUT).get(0);
      assertThat(header(b, "ce_id")).isEqualTo("e-2");
      assertThat(new String(b.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
      ConsumerRecord<byte[], byte[]> retry = raw.readAll(binary + ".g.retry", 1, TIMEOUT).get(0);
      assertThat(header(retry, "ce_id")).isEqualTo("e-3");
      assertThat(header(retry, "content-type")).isEqualTo("application/json");
    }
  }

  @Test
  void aTopicModeThatIsNeitherFailsNamingTheKeyAsWritten() {
    assertThatThrownBy(
            () ->
                new KafkaBrokerProvider()
                    .create(
                        Map.of(
                            "bootstrap-servers",
                            "localhost:9092",
                            "topic.orders.v1.content-mode",
                            "xml")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.kafka.topic.orders.v1.content-mode")
        .hasMessageContaining("xml")
        .hasMessageContaining("binary or structured");
    assertThat(new KafkaBrokerProvider().settings().knows("topic.orders.v1.content-mode")).isTrue();
  }

  private static BrokerMessage message(String id) {
    return BrokerMessage.of(
        null,
        Map.of(
            "id", id,
            "source", "urn:test",
            "type", "test.Event",
            "specversion", "1.0",
            "datacontenttype", "application/json"),
        Map.of(),
        "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
  }

  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
