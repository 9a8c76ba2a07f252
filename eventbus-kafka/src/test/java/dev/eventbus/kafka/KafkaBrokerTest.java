package dev.eventbus.kafka;

import static dev.eventbus.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.HealthStatus;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.RecordingListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter on a real broker: mapping to records, publishing, consuming, lag, replay. */
class KafkaBrokerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaTestBroker kafka = KafkaTestBroker.shared();
  private final RawKafka raw = new RawKafka(kafka);
  private final Scheduler scheduler = Scheduler.system();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private KafkaBroker broker;

  private KafkaBroker start(KafkaBroker.Builder builder) {
    broker = builder.build();
    broker.start(new BrokerContext(scheduler, registry, EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
    return broker;
  }

  @AfterEach
  void closeBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static BrokerMessage message(String id, String key, String body) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("id", id);
    attributes.put("type", "OrderPlaced");
    attributes.put("source", "urn:test");
    attributes.put("specversion", "1.0");
    return BrokerMessage.of(
        key, attributes, Map.of("trace", "é-utf8"), body.getBytes(StandardCharsets.UTF_8));
  }

  private static ConsumerSpec spec(String topic, String group, StartPosition start) {
    return new ConsumerSpec(topic, group, 16, start, true);
  }

  @Test
  void publishedMessageIsDeliveredWithKeyAttributesHeadersAndBody() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka));
    String topic = unique("roundtrip");
    RecordingListener recorder = new RecordingListener();
    BrokerSubscription sub = broker.subscribe(spec(topic, "g", StartPosition.LATEST), recorder);

    broker.send(topic, message("id-1", "order-7", "{\"n\":1}"), soon()).get(30, TimeUnit.SECONDS);

    Delivery d = recorder.next(TIMEOUT);
    assertThat(d.topic()).isEqualTo(topic);
    assertThat(d.group()).isEqualTo("g");
    assertThat(d.message().key()).isEqualTo("order-7");
    assertThat(d.message().attributes())
        .containsEntry("id", "id-1")
        .containsEntry("type", "OrderPlaced")
        .containsEntry("specversion", "1.0");
    assertThat(d.message().headers()).containsExactly(Map.entry("trace", "é-utf8"));
    assertThat(new String(d.message().body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    assertThat(d.attempt()).isEqualTo(1);
    d.ack();
    sub.close();
    assertThat(sub.state()).isEqualTo(SubscriptionState.STOPPED);
  }

  @Test
  void attributesTravelAsCloudEventsBinaryHeadersOnTheWire() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka));
    String topic = unique("wire");

    broker.send(topic, message("id-2", "k-1", "payload"), soon()).get(30, TimeUnit.SECONDS);

    List<ConsumerRecord<byte[], byte[]>> records = raw.readAll(topic, 1, TIMEOUT);
    assertThat(records).hasSize(1);
    ConsumerRecord<byte[], byte[]> r = records.get(0);
    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k-1");
    assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("payload");
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
    }
    assertThat(headers)
        .containsEntry("ce_id", "id-2")
        .containsEntry("ce_type", "OrderPlaced")
        .containsEntry("ce_source", "urn:test")
        .containsEntry("ce_specversion", "1.0")
        .containsEntry("trace", "é-utf8")
        .hasSize(5);
  }

  @Test
  void foreignRecordsReachTheListenerAsTheyAre() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka));
    String topic = unique("foreign");
    RecordingListener recorder = new RecordingListener();
    broker.subscribe(new ConsumerSpec(topic, "g", 16, StartPosition.LATEST, false), recorder);
    byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, 2};

    byte[] noKey = null;
    byte[] noValue = null;
    byte[] notUtf8 = {(byte) 0xc3};
    raw.produce(
        List.of(
            new ProducerRecord<byte[], byte[]>(topic, 0, noKey, garbage),
            new ProducerRecord<byte[], byte[]>(
                topic, 0, "k".getBytes(StandardCharsets.UTF_8), noValue),
            new ProducerRecord<byte[], byte[]>(
                topic,
                0,
                noKey,
                "{}".getBytes(StandardCharsets.UTF_8),
                List.<Header>of(new RecordHeader("ce_type", notUtf8)))));

    List<Delivery> got = recorder.next(3, TIMEOUT);
    assertThat(got.get(0).message().attributes()).isEmpty();
    assertThat(got.get(0).message().id()).isNull();
    assertThat(got.get(0).message().body()).isEqualTo(garbage);
    assertThat(got.get(1).message().key()).isEqualTo("k");
    assertThat(got.get(1).message().body()).isEmpty();
    assertThat(got.get(2).message().attributes()).containsOnlyKeys("type");
    // bytes that are not UTF-8 read as U+FFFD, which the core refuses in a required attribute
    assertThat(got.get(2).message().attributes().get("type")).contains("\uFFFD");
    got.forEach(Delivery::ack);
  }

  @Test
  void oversizedEventFailsWithEventTooLargeAndNothingIsSent() {
    start(KafkaTestSupport.brokerBuilder(kafka).maxRequestSize(2048));
    String topic = unique("large");
    BrokerMessage big = message("id-big", null, "x".repeat(4096));

    assertThatThrownBy(() -> broker.send(topic, big, soon()).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(EventTooLargeException.class)
        .hasMessageContaining("id-big")
        .hasMessageContaining("over the limit of 2048 bytes")
        .hasMessageContaining("eventbus.kafka.producer.max-request-size");
    assertThat(broker.capabilities().maxMessageBytes()).isEqualTo(2048);
  }

  @Test
  void anEventUnderTheProducersLimitButOverTheTopicsNamesTheTopicsLimit() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka).maxRequestSize(5 * 1024 * 1024));
    String topic = unique("small-topic");
    try (Admin admin = new RawKafka(kafka).admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "3000"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    BrokerMessage big = message("id-over-topic", null, "x".repeat(8192));

    assertThatThrownBy(() -> broker.send(topic, big, soon()).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(EventTooLargeException.class)
        .hasMessageContaining("id-over-topic")
        .hasMessageContaining("over the limit of 3000 bytes")
        .hasMessageContaining("max.message.bytes of Kafka topic '" + topic + "'")
        .hasMessageNotContaining(Integer.toString(5 * 1024 * 1024));
  }

  @Test
  void healthIsUpWhileTheClusterAnswersAndDownAfterClose() {
    start(KafkaTestSupport.brokerBuilder(kafka));
    // The first check starts with the broker and is answered in the background.
    Await.until(
        "health UP", Duration.ofSeconds(10), () -> broker.health().status() == HealthStatus.UP);
    BrokerHealth up = broker.health();
    assertThat(up.detail()).isEqualTo("1 broker node(s) reachable");
    broker.close();
    assertThat(broker.health().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void everyMethodFailsAfterClose() {
    start(KafkaTestSupport.brokerBuilder(kafka));
    broker.close();
    broker.close();

    assertThatThrownBy(() -> broker.send("t", message("id", null, "x"), soon()))
        .isInstanceOf(EventBusException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> broker.subscribe(spec("t", "g", StartPosition.LATEST), d -> {}))
        .isInstanceOf(EventBusException.class);
    assertThatThrownBy(() -> broker.deadLetters()).isInstanceOf(EventBusException.class);
  }

  @Test
  void consumerLagIsAGaugePerGroupAndPartition() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka).topicPartitions(1));
    String topic = unique("lag");
    RecordingListener recorder = new RecordingListener();
    broker.subscribe(new ConsumerSpec(topic, "g", 2, StartPosition.LATEST, true), recorder);
    for (int i = 0; i < 5; i++) {
      broker.send(topic, message("id-" + i, "k", "x"), soon()).get(30, TimeUnit.SECONDS);
    }
    List<Delivery> first = recorder.next(2, TIMEOUT);

    Await.until(
        "the lag gauge shows 5 unhandled events",
        TIMEOUT,
        () -> lag(topic) == 5.0,
        () -> lag(topic));
    first.forEach(Delivery::ack);
    for (int i = 0; i < 3; i++) {
      recorder.next(TIMEOUT).ack();
    }
    Await.until("the lag gauge falls to 0", TIMEOUT, () -> lag(topic) == 0.0, () -> lag(topic));
  }

  private double lag(String topic) {
    Gauge g =
        registry
            .find("eventbus.consumer.lag")
            .tags("topic", topic, "group", "g", "partition", "0")
            .gauge();
    return g == null ? -1 : g.value();
  }

  @Test
  void groupStartTimeReplaysFromThatTime() throws Exception {
    String topic = unique("replay");
    start(KafkaTestSupport.brokerBuilder(kafka));
    broker.send(topic, message("before", "k", "1"), soon()).get(30, TimeUnit.SECONDS);
    Instant from = Instant.now().plusMillis(5);
    Await.until("the clock passes the start time", TIMEOUT, () -> Instant.now().isAfter(from));
    broker.send(topic, message("after", "k", "2"), soon()).get(30, TimeUnit.SECONDS);
    broker.close();

    start(KafkaTestSupport.brokerBuilder(kafka).groupStartTime("replayer", from));
    RecordingListener recorder = new RecordingListener();
    broker.subscribe(spec(topic, "replayer", StartPosition.EARLIEST), recorder);

    assertThat(recorder.next(TIMEOUT).message().id()).isEqualTo("after");
  }

  @Test
  void newGroupAtLatestGetsEverythingPublishedAfterSubscribeReturns() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka));
    String topic = unique("latest");
    broker.send(topic, message("old", "k", "1"), soon()).get(30, TimeUnit.SECONDS);
    RecordingListener recorder = new RecordingListener();

    broker.subscribe(spec(topic, "late", StartPosition.LATEST), recorder);
    broker.send(topic, message("new", "k", "2"), soon()).get(30, TimeUnit.SECONDS);

    assertThat(recorder.next(TIMEOUT).message().id()).isEqualTo("new");
  }

  private static long soon() {
    return Broker.deadlineAfter(Duration.ofSeconds(30));
  }
}
