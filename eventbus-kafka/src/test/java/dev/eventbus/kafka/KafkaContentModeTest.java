package dev.eventbus.kafka;

import static dev.eventbus.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Structured content mode through the public API on a real broker: what goes on the wire, and that
 * a bus in either mode reads what a bus in the other wrote.
 */
class KafkaContentModeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The payload of the test. */
  public record OrderPlaced(String orderId, int lines) {}

  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  private EventBus bus(ContentMode mode) {
    return EventBus.builder()
        .broker(KafkaTestSupport.brokerBuilder(kafka).contentMode(mode).build())
        .build();
  }

  @Test
  void aStructuredRecordIsOneCloudEventsJsonDocument() throws Exception {
    String topic = unique("structured-wire");
    try (EventBus bus = bus(ContentMode.STRUCTURED)) {
      bus.start();
      Event<?> sent = bus.publish(topic, new OrderPlaced("o-1", 3)).get(30, TimeUnit.SECONDS);

      List<ConsumerRecord<byte[], byte[]>> records = new RawKafka(kafka).readAll(topic, 1, TIMEOUT);

      ConsumerRecord<byte[], byte[]> r = records.get(0);
      assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
          .startsWith("application/cloudevents+json");
      assertThat(r.headers().lastHeader("ce_id")).isNull();
      JsonNode doc = new ObjectMapper().readTree(r.value());
      assertThat(doc.get("specversion").asText()).isEqualTo("1.0");
      assertThat(doc.get("id").asText()).isEqualTo(sent.id());
      assertThat(doc.get("type").asText()).isEqualTo(sent.type());
      assertThat(doc.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(doc.get("data").get("orderId").asText()).isEqualTo("o-1");
      assertThat(doc.get("data").get("lines").asInt()).isEqualTo(3);
    }
  }

  @Test
  void eachModeReadsWhatTheOtherWrote() throws Exception {
    String topic = unique("mixed-modes");
    LinkedBlockingQueue<Event<?>> received = new LinkedBlockingQueue<>();
    try (EventBus binary = bus(ContentMode.BINARY);
        EventBus structured = bus(ContentMode.STRUCTURED)) {
      binary.start();
      structured.start();
      binary.subscribe(
          topic,
          "binary-reader",
          OrderPlaced.class,
          (payload, context) -> received.add(context.event()));
      structured.subscribe(
          topic,
          "structured-reader",
          OrderPlaced.class,
          (payload, context) -> received.add(context.event()));

      Event<?> a = structured.publish(topic, new OrderPlaced("s-1", 1)).get(30, TimeUnit.SECONDS);
      Event<?> b = binary.publish(topic, new OrderPlaced("b-1", 2)).get(30, TimeUnit.SECONDS);

      List<Event<?>> got = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (got.size() < 4 && System.nanoTime() < deadline) {
        Event<?> e = received.poll(100, TimeUnit.MILLISECONDS);
        if (e != null) {
          got.add(e);
        }
      }
      assertThat(got).hasSize(4);
      for (Event<?> sent : List.of(a, b)) {
        assertThat(got.stream().filter(e -> e.id().equals(sent.id())))
            .hasSize(2)
            .allSatisfy(
                e -> {
                  assertThat(e.payload()).isEqualTo(sent.payload());
                  assertThat(e.type()).isEqualTo(sent.type());
                  assertThat(e.source()).isEqualTo(sent.source());
                  assertThat(e.time()).isEqualTo(sent.time());
                });
      }
    }
  }
}
