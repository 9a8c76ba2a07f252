package dev.eventbus.kafka;

import static dev.eventbus.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The wire format against the official CloudEvents Java SDK ({@code cloudevents-kafka}) on a real
 * broker: what eventbus publishes, the SDK's Kafka deserializer reads with every attribute and
 * extension equal; what the SDK's serializer writes, in binary and in structured mode, reaches an
 * eventbus handler with the same attributes.
 */
class CloudEventsSdkConformanceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TYPE = "com.example.OrderPlaced";

  /** The payload of the test. */
  public record OrderPlaced(String orderId, int lines) {}

  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  private EventBus bus(ContentMode mode) {
    return EventBus.builder()
        .broker(KafkaTestSupport.brokerBuilder(kafka).contentMode(mode).build())
        .registerType(TYPE, 1, OrderPlaced.class)
        .build();
  }

  @ParameterizedTest
  @EnumSource(ContentMode.class)
  void whatEventbusPublishesTheSdkReadsWithEveryAttribute(ContentMode mode) throws Exception {
    String topic = unique("sdk-reads-" + mode.name().toLowerCase());
    Event<?> sent;
    try (EventBus bus = bus(mode)) {
      bus.start();
      sent =
          bus.publish(
                  topic,
                  Event.builder(new OrderPlaced("o-1", 3))
                      .subject("orders/o-1")
                      .partitionKey("customer-7")
                      .correlationId("conversation-1")
                      .build())
              .get(30, TimeUnit.SECONDS);
    }
    ConsumerRecord<byte[], byte[]> r = new RawKafka(kafka).readAll(topic, 1, TIMEOUT).get(0);

    CloudEvent read;
    try (CloudEventDeserializer sdk = new CloudEventDeserializer()) {
      read = sdk.deserialize(topic, r.headers(), r.value());
    }

    assertThat(read.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(read.getId()).isEqualTo(sent.id());
    assertThat(read.getType()).isEqualTo(TYPE);
    assertThat(read.getSource()).isEqualTo(URI.create(sent.source()));
    assertThat(read.getTime().toInstant()).isEqualTo(sent.time());
    assertThat(read.getSubject()).isEqualTo("orders/o-1");
    assertThat(read.getDataContentType()).isEqualTo("application/json");
    assertThat(String.valueOf(read.getExtension("partitionkey"))).isEqualTo("customer-7");
    assertThat(String.valueOf(read.getExtension("correlationid"))).isEqualTo("conversation-1");
    assertThat(String.valueOf(read.getExtension("eventversion"))).isEqualTo("1");
    assertThat(new ObjectMapper().readTree(read.getData().toBytes()))
        .isEqualTo(new ObjectMapper().readTree("{\"orderId\":\"o-1\",\"lines\":3}"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Encoding.class,
      names = {"BINARY", "STRUCTURED"})
  void whatTheSdkWritesReachesAHandlerWithItsAttributes(Encoding encoding) throws Exception {
    String topic = unique("sdk-writes-" + encoding.name().toLowerCase());
    OffsetDateTime time = OffsetDateTime.of(2026, 12, 3, 10, 11, 12, 345_000_000, ZoneOffset.UTC);
    CloudEvent written =
        CloudEventBuilder.v1()
            .withId("sdk-" + encoding)
            .withSource(URI.create("/other-service"))
            .withType(TYPE)
            .withTime(time)
            .withSubject("orders/o-2")
            .withDataContentType("application/json")
            .withExtension("partitionkey", "customer-8")
            .withExtension("tenant", "acme")
            .withData("{\"orderId\":\"o-2\",\"lines\":5}".getBytes(StandardCharsets.UTF_8))
            .build();
    RecordHeaders headers = new RecordHeaders();
    byte[] value;
    try (CloudEventSerializer sdk = new CloudEventSerializer()) {
      sdk.configure(
          Map.of(
              CloudEventSerializer.ENCODING_CONFIG,
              encoding,
              CloudEventSerializer.EVENT_FORMAT_CONFIG,
              JsonFormat.CONTENT_TYPE),
          false);
      value = sdk.serialize(topic, headers, written);
    }

    LinkedBlockingQueue<Event<?>> received = new LinkedBlockingQueue<>();
    try (EventBus bus = bus(ContentMode.BINARY)) {
      bus.subscribe(
          topic, "reader", OrderPlaced.class, (p, context) -> received.add(context.event()));
      bus.start();
      new RawKafka(kafka)
          .produce(
              List.of(
                  new ProducerRecord<>(
                      topic, null, "customer-8".getBytes(StandardCharsets.UTF_8), value, headers)));

      Event<?> event = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(event).as("the SDK's event reached the handler").isNotNull();
      assertThat(event.id()).isEqualTo("sdk-" + encoding);
      assertThat(event.source()).isEqualTo("/other-service");
      assertThat(event.type()).isEqualTo(TYPE);
      assertThat(event.time()).isEqualTo(Instant.parse("2026-12-03T10:11:12.345Z"));
      assertThat(event.subject()).isEqualTo("orders/o-2");
      assertThat(event.dataContentType()).isEqualTo("application/json");
      assertThat(event.partitionKey()).isEqualTo("customer-8");
      assertThat(event.payload()).isEqualTo(new OrderPlaced("o-2", 5));
    }
  }
}
