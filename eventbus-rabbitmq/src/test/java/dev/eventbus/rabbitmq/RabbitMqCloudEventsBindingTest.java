package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rules of the CloudEvents AMQP protocol binding that the adapter follows on AMQP 0-9-1, as
 * {@code docs/rabbitmq.md} states them, checked on the real server with the plain amqp-client: what
 * eventbus publishes, and that messages written by hand after the binding (binary with either
 * prefix and native AMQP value types, and structured) reach the core with every attribute.
 */
class RabbitMqCloudEventsBindingTest extends BrokerTestSupport {
  /** The payload of the test. */
  public record OrderPlaced(String orderId, int lines) {}

  @Test
  void binaryModeWritesEveryAttributeAsACloudEventsHeaderAndTheContentTypeAsTheProperty()
      throws Exception {
    try (RawAmqp raw = new RawAmqp(rabbit);
        EventBus bus = EventBus.builder().broker(rabbit.brokerBuilder().build()).build()) {
      RawAmqp.Tap tap = raw.tap(topic);
      bus.start();
      Event<OrderPlaced> event =
          Event.builder(new OrderPlaced("o-1", 3))
              .source("/orders")
              .type("com.example.OrderPlaced")
              .subject("order/o-1")
              .time(Instant.parse("2024-05-06T07:08:09.123Z"))
              .eventVersion(2)
              .correlationId("c-1")
              .causationId("e-0")
              .partitionKey("customer-7")
              .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
              .header("origin", "binding-test")
              .build();
      Event<?> sent = bus.publish(topic, event).get(20, TimeUnit.SECONDS);

      Delivery d = tap.next(TIMEOUT);
      AMQP.BasicProperties props = d.getProperties();
      Map<String, String> headers = new LinkedHashMap<>();
      props.getHeaders().forEach((k, v) -> headers.put(k, v.toString()));
      // Rule 1: each attribute but datacontenttype is the header cloudEvents:<name>, as a string.
      assertThat(headers)
          .containsEntry("cloudEvents:id", sent.id())
          .containsEntry("cloudEvents:specversion", "1.0")
          .containsEntry("cloudEvents:source", "/orders")
          .containsEntry("cloudEvents:type", "com.example.OrderPlaced")
          .containsEntry("cloudEvents:subject", "order/o-1")
          .containsEntry("cloudEvents:time", "2024-05-06T07:08:09.123Z")
          .containsEntry("cloudEvents:eventversion", "2")
          .containsEntry("cloudEvents:correlationid", "c-1")
          .containsEntry("cloudEvents:causationid", "e-0")
          .containsEntry("cloudEvents:partitionkey", "customer-7")
          .containsEntry(
              "cloudEvents:traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
          .doesNotContainKey("cloudEvents:datacontenttype");
      // Rule 2: one prefix for the whole message, the binding's cloudEvents: (never cloudEvents_).
      assertThat(headers.keySet()).noneMatch(k -> k.startsWith("cloudEvents_"));
      props
          .getHeaders()
          .forEach(
              (k, v) -> {
                if (k.startsWith("cloudEvents:")) {
                  assertThat(v).as(k).isInstanceOf(com.rabbitmq.client.LongString.class);
                }
              });
      // Rule 3: datacontenttype is the content_type property; the payload is the body as it is.
      assertThat(props.getContentType()).isEqualTo("application/json");
      assertThat(new String(d.getBody(), StandardCharsets.UTF_8))
          .isEqualTo("{\"orderId\":\"o-1\",\"lines\":3}");
      // Rule 4: a header that is no attribute keeps its name; the partition key routes.
      assertThat(headers).containsEntry("origin", "binding-test");
      assertThat(d.getEnvelope().getRoutingKey()).isEqualTo("customer-7");
      assertThat(props.getDeliveryMode()).isEqualTo(2);
    }
  }

  @Test
  void aBinaryMessageWrittenByHandWithTheColonPrefixAndNativeTypesIsReadWithEveryAttribute()
      throws Exception {
    readsAHandWrittenBinaryMessage("cloudEvents:");
  }

  @Test
  void aBinaryMessageWrittenByHandWithTheUnderscorePrefixIsReadWithEveryAttribute()
      throws Exception {
    readsAHandWrittenBinaryMessage("cloudEvents_");
  }

  private void readsAHandWrittenBinaryMessage(String prefix) throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put(prefix + "specversion", "1.0");
    headers.put(prefix + "id", "hand-1");
    headers.put(prefix + "source", "/elsewhere");
    headers.put(prefix + "type", "com.example.OrderPlaced");
    headers.put(prefix + "subject", "order/o-9");
    headers.put(prefix + "time", Date.from(Instant.parse("2018-04-05T03:56:24Z"))); // timestamp
    headers.put(prefix + "dataschema", "https://example.com/order.json");
    headers.put(prefix + "partitionkey", "customer-9");
    headers.put(prefix + "sequence", 42L); // an extension, AMQP long
    headers.put(prefix + "urgent", true); // an extension, AMQP boolean
    headers.put(prefix + "signature", new byte[] {1, 2, 3}); // an extension, AMQP binary
    headers.put("origin", "hand-written");
    try (RawAmqp raw = new RawAmqp(rabbit)) {
      raw.publish(
          topic,
          "customer-9",
          new AMQP.BasicProperties.Builder()
              .contentType("application/json; charset=utf-8")
              .headers(headers)
              .build(),
          "{\"orderId\":\"o-9\"}".getBytes(StandardCharsets.UTF_8));
    }

    var d = listener.next(TIMEOUT);
    assertThat(d.message().attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("specversion", "1.0"),
                Map.entry("id", "hand-1"),
                Map.entry("source", "/elsewhere"),
                Map.entry("type", "com.example.OrderPlaced"),
                Map.entry("subject", "order/o-9"),
                Map.entry("time", "2018-04-05T03:56:24Z"),
                Map.entry("dataschema", "https://example.com/order.json"),
                Map.entry("partitionkey", "customer-9"),
                Map.entry("sequence", "42"),
                Map.entry("urgent", "true"),
                Map.entry("signature", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})),
                Map.entry("datacontenttype", "application/json; charset=utf-8")));
    assertThat(d.message().key()).isEqualTo("customer-9");
    assertThat(d.message().headers()).containsExactly(Map.entry("origin", "hand-written"));
    assertThat(body(d.message())).isEqualTo("{\"orderId\":\"o-9\"}");
    d.ack();
  }

  @Test
  void anAttributeWhoseBytesAreNotUtf8ReadsWithTheReplacementCharacter() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("cloudEvents:specversion", "1.0");
    headers.put(
        "cloudEvents:id", LongStringHelper.asLongString(new byte[] {'a', (byte) 0xC3, '('}));
    headers.put("cloudEvents:source", "/elsewhere");
    headers.put("cloudEvents:type", "com.example.OrderPlaced");
    try (RawAmqp raw = new RawAmqp(rabbit)) {
      raw.publish(
          topic,
          "k",
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .headers(headers)
              .build(),
          "{}".getBytes(StandardCharsets.UTF_8));
    }

    var d = listener.next(TIMEOUT);
    // U+FFFD, which the core refuses in a required attribute (dead letter "undecodable")
    assertThat(d.message().id()).isEqualTo("a\uFFFD(");
    d.ack();
  }

  @Test
  void whereAMessageMixesThePrefixesTheColonOneWins() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("cloudEvents:specversion", "1.0");
    headers.put("cloudEvents:id", "colon");
    headers.put("cloudEvents_id", "underscore");
    headers.put("cloudEvents_source", "/mixed");
    headers.put("cloudEvents:type", "t");
    try (RawAmqp raw = new RawAmqp(rabbit)) {
      raw.publish(
          topic,
          "",
          new AMQP.BasicProperties.Builder().headers(headers).build(),
          "{}".getBytes(StandardCharsets.UTF_8));
    }

    var d = listener.next(TIMEOUT);
    assertThat(d.message().attributes())
        .containsEntry("id", "colon")
        .containsEntry("source", "/mixed")
        .doesNotContainKey("datacontenttype");
    d.ack();
  }

  @Test
  void aStructuredMessageWrittenByHandIsReadWithEveryAttributeAndItsCopiedHeadersIgnored()
      throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("cloudEvents:id", "a-copy-that-is-not-read"); // the binding allows copies
    headers.put("origin", "hand-written");
    String document =
        "{\"specversion\":\"1.0\",\"id\":\"st-1\",\"source\":\"/elsewhere\","
            + "\"type\":\"com.example.OrderPlaced\",\"subject\":\"order/o-5\","
            + "\"time\":\"2018-04-05T03:56:24Z\",\"datacontenttype\":\"application/json\","
            + "\"dataschema\":\"https://example.com/order.json\",\"partitionkey\":\"customer-5\","
            + "\"sequence\":\"7\",\"data\":{\"orderId\":\"o-5\"}}";
    try (RawAmqp raw = new RawAmqp(rabbit)) {
      raw.publish(
          topic,
          "customer-5",
          new AMQP.BasicProperties.Builder()
              .contentType("application/cloudevents+json; charset=UTF-8")
              .headers(headers)
              .build(),
          document.getBytes(StandardCharsets.UTF_8));
    }

    var d = listener.next(TIMEOUT);
    assertThat(d.message().attributes())
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("specversion", "1.0"),
                Map.entry("id", "st-1"),
                Map.entry("source", "/elsewhere"),
                Map.entry("type", "com.example.OrderPlaced"),
                Map.entry("subject", "order/o-5"),
                Map.entry("time", "2018-04-05T03:56:24Z"),
                Map.entry("datacontenttype", "application/json"),
                Map.entry("dataschema", "https://example.com/order.json"),
                Map.entry("partitionkey", "customer-5"),
                Map.entry("sequence", "7")));
    assertThat(d.message().key()).isEqualTo("customer-5");
    assertThat(d.message().headers()).containsExactly(Map.entry("origin", "hand-written"));
    assertThat(body(d.message())).isEqualTo("{\"orderId\":\"o-5\"}");
    d.ack();
  }

  @Test
  void structuredModeWritesTheJsonFormatWithItsContentTypeAndNoAttributeHeaders() throws Exception {
    try (RawAmqp raw = new RawAmqp(rabbit);
        EventBus bus =
            EventBus.builder()
                .broker(rabbit.brokerBuilder().contentMode(ContentMode.STRUCTURED).build())
                .build()) {
      RawAmqp.Tap tap = raw.tap(topic);
      bus.start();
      Event<OrderPlaced> event =
          Event.builder(new OrderPlaced("o-2", 1))
              .source("/orders")
              .partitionKey("customer-2")
              .header("origin", "binding-test")
              .build();
      Event<?> sent = bus.publish(topic, event).get(20, TimeUnit.SECONDS);

      Delivery d = tap.next(TIMEOUT);
      assertThat(d.getProperties().getContentType())
          .isEqualTo("application/cloudevents+json; charset=UTF-8");
      assertThat(d.getProperties().getHeaders())
          .containsOnlyKeys("origin")
          .extractingByKey("origin")
          .hasToString("binding-test");
      var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.getBody());
      assertThat(doc.get("id").asText()).isEqualTo(sent.id());
      assertThat(doc.get("source").asText()).isEqualTo("/orders");
      assertThat(doc.get("partitionkey").asText()).isEqualTo("customer-2");
      assertThat(doc.get("datacontenttype").asText()).isEqualTo("application/json");
      assertThat(doc.get("data").get("orderId").asText()).isEqualTo("o-2");
      assertThat(d.getEnvelope().getRoutingKey()).isEqualTo("customer-2");
    }
  }
}
