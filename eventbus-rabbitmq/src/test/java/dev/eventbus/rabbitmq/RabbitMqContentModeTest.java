package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Delivery;
import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.testkit.RecordingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The content mode chosen per topic ({@code topic.<name>.content-mode}, {@link
 * RabbitMqBroker.Builder#contentMode(String, ContentMode)}) over the broker's ({@code
 * content-mode}): messages of one bus in both modes on the real server, as a plain AMQP consumer
 * sees them, and one consumer reading both.
 */
class RabbitMqContentModeTest extends BrokerTestSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The payload of the test. */
  public record OrderPlaced(String orderId, int lines) {}

  @Test
  void oneTopicStructuredAndAnotherBinaryOnOneBusAndAConsumerReadsBoth() throws Exception {
    String structured = topic + "-structured";
    String binary = topic + "-binary";
    LinkedBlockingQueue<Event<?>> received = new LinkedBlockingQueue<>();
    try (RawAmqp raw = new RawAmqp(rabbit);
        EventBus consumer = EventBus.builder().broker(rabbit.brokerBuilder().build()).build();
        EventBus publisher =
            EventBus.builder()
                .broker(
                    rabbit.brokerBuilder().contentMode(structured, ContentMode.STRUCTURED).build())
                .build()) {
      RawAmqp.Tap structuredTap = raw.tap(structured);
      RawAmqp.Tap binaryTap = raw.tap(binary);
      consumer.start();
      publisher.start();
      for (String t : List.of(structured, binary)) {
        consumer.subscribe(
            t, group, OrderPlaced.class, (payload, context) -> received.add(context.event()));
      }

      Event<?> s =
          publisher.publish(structured, new OrderPlaced("s-1", 1)).get(20, TimeUnit.SECONDS);
      Event<?> b = publisher.publish(binary, new OrderPlaced("b-1", 2)).get(20, TimeUnit.SECONDS);

      Delivery sm = structuredTap.next(TIMEOUT);
      assertThat(sm.getProperties().getContentType())
          .isEqualTo("application/cloudevents+json; charset=UTF-8");
      assertThat(sm.getProperties().getDeliveryMode()).isEqualTo(2);
      assertThat(sm.getProperties().getHeaders().keySet())
          .noneMatch(k -> k.startsWith("cloudEvents"));
      JsonNode doc = JSON.readTree(sm.getBody());
      assertThat(doc.get("id").asText()).isEqualTo(s.id());
      assertThat(doc.get("specversion").asText()).isEqualTo("1.0");
      assertThat(doc.get("type").asText()).isEqualTo(s.type());
      assertThat(doc.get("source").asText()).isEqualTo(s.source());
      assertThat(doc.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(doc.get("data")).isEqualTo(JSON.readTree("{\"orderId\":\"s-1\",\"lines\":1}"));

      Delivery bm = binaryTap.next(TIMEOUT);
      assertThat(bm.getProperties().getContentType()).isEqualTo("application/json");
      Map<String, Object> headers = bm.getProperties().getHeaders();
      assertThat(headers.get("cloudEvents:id")).hasToString(b.id());
      assertThat(headers.get("cloudEvents:specversion")).hasToString("1.0");
      assertThat(headers.get("cloudEvents:type")).hasToString(b.type());
      assertThat(headers.get("cloudEvents:source")).hasToString(b.source());
      assertThat(JSON.readTree(bm.getBody()))
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
  void aTopicKeyOverridesTheBrokersModeAndARedriveFollowsItsTopic() throws Exception {
    String binary = topic + "-binary";
    Broker broker =
        new RabbitMqBrokerProvider()
            .create(
                Map.of(
                    "uri",
                    rabbit.uri(),
                    "content-mode",
                    "structured",
                    "topic." + binary + ".content-mode",
                    "BINARY"));
    closeLater(broker);
    broker.start(
        new BrokerContext(
            scheduler, new SimpleMeterRegistry(), EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
    try (RawAmqp raw = new RawAmqp(rabbit)) {
      RawAmqp.Tap structuredTap = raw.tap(topic);
      RawAmqp.Tap binaryTap = raw.tap(binary);
      RecordingListener listener = new RecordingListener();
      subscribe(broker, 10, listener); // this test's topic, structured by the broker's key

      broker.send(topic, message("e-1", "k-1", "{\"n\":1}"), deadline()).get(20, TimeUnit.SECONDS);
      broker.send(binary, message("e-2", "k-2", "{\"n\":2}"), deadline()).get(20, TimeUnit.SECONDS);
      broker
          .sendToGroup(topic, group, message("e-3", null, "{\"n\":3}"), deadline())
          .get(20, TimeUnit.SECONDS);

      Delivery s = structuredTap.next(TIMEOUT);
      assertThat(s.getProperties().getContentType()).startsWith("application/cloudevents+json");
      assertThat(s.getEnvelope().getRoutingKey()).isEqualTo("k-1");
      Delivery b = binaryTap.next(TIMEOUT);
      assertThat(b.getProperties().getContentType()).isEqualTo("application/json");
      assertThat(b.getProperties().getHeaders().get("cloudEvents:id")).hasToString("e-2");
      assertThat(new String(b.getBody(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("{\"n\":2}");

      var delivered = listener.next(2, TIMEOUT);
      assertThat(delivered).extracting(d -> d.message().id()).containsExactly("e-1", "e-3");
      assertThat(delivered)
          .allSatisfy(
              d -> {
                assertThat(d.message().attributes())
                    .containsEntry("type", "test.Event")
                    .containsEntry("datacontenttype", "application/json");
                assertThat(d.message().headers()).containsEntry("trace", "t-1");
              });
      assertThat(delivered.get(0).message().key()).isEqualTo("k-1");
      assertThat(body(delivered.get(1).message())).isEqualTo("{\"n\":3}");
      delivered.forEach(d -> d.ack());
    }
  }

  @Test
  void aModeThatIsNeitherFailsNamingTheKeyAsWritten() {
    assertThatThrownBy(
            () ->
                new RabbitMqBrokerProvider().create(Map.of("topic.orders.v1.content-mode", "xml")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.rabbitmq.topic.orders.v1.content-mode")
        .hasMessageContaining("xml")
        .hasMessageContaining("binary or structured");
    assertThatThrownBy(() -> new RabbitMqBrokerProvider().create(Map.of("content-mode", "text")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.rabbitmq.content-mode");
  }

  private static long deadline() {
    return System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
  }
}
