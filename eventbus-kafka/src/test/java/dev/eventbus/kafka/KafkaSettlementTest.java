package dev.eventbus.kafka;

import static dev.eventbus.kafka.KafkaTestSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBus;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.RecordingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Settling deliveries on a real broker: commits, retry topic, dead-letter topic, slow handlers. */
class KafkaSettlementTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KafkaTestBroker kafka = KafkaTestBroker.shared();
  private final RawKafka raw = new RawKafka(kafka);
  private final Scheduler scheduler = Scheduler.system();
  private final String topic = unique("settle");
  private KafkaBroker broker;

  private void start(KafkaBroker.Builder builder) {
    broker = builder.topicPartitions(1).build();
    broker.start(
        new BrokerContext(
            scheduler, new SimpleMeterRegistry(), EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
  }

  @AfterEach
  void closeBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private void send(String id, String key) throws Exception {
    BrokerMessage m =
        BrokerMessage.of(
            key,
            Map.of("id", id, "type", "T"),
            Map.of(),
            ("body-" + id).getBytes(StandardCharsets.UTF_8));
    broker.send(topic, m, soon()).get(30, TimeUnit.SECONDS);
  }

  private BrokerSubscription subscribe(String group, int maxInFlight, RecordingListener recorder) {
    return broker.subscribe(
        new ConsumerSpec(topic, group, maxInFlight, StartPosition.EARLIEST, false), recorder);
  }

  private long committed(String group) throws Exception {
    OffsetAndMetadata o = raw.committed(group).get(new TopicPartition(topic, 0));
    return o == null ? -1 : o.offset();
  }

  @Test
  void onlyTheContiguousSettledPrefixIsCommitted() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka));
    for (int i = 0; i < 3; i++) {
      send("e" + i, null);
    }
    RecordingListener first = new RecordingListener();
    BrokerSubscription sub = subscribe("prefix", 8, first);
    List<Delivery> got = first.next(3, TIMEOUT);

    got.get(1).ack();
    got.get(2).ack();
    sub.close();

    assertThat(committed("prefix")).as("nothing before the unsettled e0").isLessThan(1);
    RecordingListener second = new RecordingListener();
    sub = subscribe("prefix", 8, second);
    List<Delivery> again = second.next(3, TIMEOUT);
    assertThat(again).extracting(d -> d.message().id()).containsExactly("e0", "e1", "e2");
    again.get(0).ack();
    Await.until("e0 is committed", TIMEOUT, () -> committedQuietly("prefix") == 1);
    again.get(2).ack();
    again.get(1).ack();
    Await.until("all three are committed", TIMEOUT, () -> committedQuietly("prefix") == 3);
    sub.close();
  }

  private long committedQuietly(String group) {
    try {
      return committed(group);
    } catch (Exception e) {
      return -2;
    }
  }

  @Test
  void retryLaterRedeliversFromTheRetryTopicWhenDue() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka));
    send("r1", null);
    RecordingListener recorder = new RecordingListener();
    subscribe("retrying", 8, recorder);
    Delivery d = recorder.next(TIMEOUT);
    long retriedAt = System.nanoTime();

    d.retryLater(Duration.ofSeconds(2), Map.of(Delivery.ATTEMPT_HEADER, "2"));

    Delivery again = recorder.next(TIMEOUT);
    assertThat(System.nanoTime() - retriedAt)
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(again.message().id()).isEqualTo("r1");
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.message().headers()).doesNotContainKey("eventbus-kafka-due");
    assertThat(again.topic()).isEqualTo(topic);
    again.ack();
    Await.until("the original is committed", TIMEOUT, () -> committedQuietly("retrying") == 1);
    List<ConsumerRecord<byte[], byte[]>> retried =
        raw.readAll(topic + ".retrying.retry", 1, TIMEOUT);
    assertThat(retried).hasSize(1);
    assertThat(retried.get(0).headers().lastHeader("eventbus-kafka-due")).isNotNull();
  }

  @Test
  void deadLettersAreListedDeletedAndPurged() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka));
    for (int i = 0; i < 3; i++) {
      send("d" + i, "key-" + i);
    }
    RecordingListener recorder = new RecordingListener();
    subscribe("dlq", 8, recorder);
    for (Delivery d : recorder.next(3, TIMEOUT)) {
      d.deadLetter(Map.of(DeadLetter.REASON_HEADER, "undecodable")).get(30, TimeUnit.SECONDS);
    }
    Await.until("the originals are committed", TIMEOUT, () -> committedQuietly("dlq") == 3);
    DeadLetterStore store = broker.deadLetters();

    List<BrokerMessage> letters = store.list(topic, "dlq", 10);
    assertThat(letters).extracting(BrokerMessage::id).containsExactly("d0", "d1", "d2");
    assertThat(letters.get(1).key()).isEqualTo("key-1");
    assertThat(letters.get(1).headers()).containsEntry(DeadLetter.REASON_HEADER, "undecodable");
    assertThat(store.list(topic, "dlq", 2)).hasSize(2);
    assertThat(store.count(topic, "dlq")).isEqualTo(3);

    assertThat(store.delete(topic, "dlq", "d1")).isTrue();
    assertThat(store.delete(topic, "dlq", "no-such-id")).isFalse();
    assertThat(store.list(topic, "dlq", 10))
        .extracting(BrokerMessage::id)
        .containsExactly("d0", "d2");
    assertThat(store.purge(topic, "dlq")).isEqualTo(2);
    assertThat(store.count(topic, "dlq")).isZero();
    assertThat(store.count(topic, "no-letters-here")).isZero();

    List<ConsumerRecord<byte[], byte[]>> onTheWire = raw.readAll(topic + ".dlq.dlq", 6, TIMEOUT);
    assertThat(onTheWire)
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
        .contains("d0");
    try (Admin admin = raw.admin()) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic + ".dlq.dlq");
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void handlersSlowerThanMaxPollIntervalCauseNoRebalanceNorRedelivery() throws Exception {
    start(KafkaTestSupport.brokerBuilder(kafka).maxPollInterval(Duration.ofSeconds(1)));
    for (int i = 0; i < 2; i++) {
      send("s" + i, null);
    }
    RecordingListener recorder = new RecordingListener();
    BrokerSubscription sub = subscribe("slow", 1, recorder);

    for (int i = 0; i < 2; i++) {
      Delivery d = recorder.next(TIMEOUT);
      long handedOut = System.nanoTime();
      // the "handler" holds the delivery longer than max.poll.interval.ms before settling it
      Await.until(
          "the slow handler has held " + d.message().id() + " for 1.5 s",
          TIMEOUT,
          () -> System.nanoTime() - handedOut > Duration.ofMillis(1500).toNanos());
      assertThat(recorder.all()).as("maxInFlight=1 holds back the rest").hasSize(i + 1);
      d.ack();
    }
    Await.until("both are committed", TIMEOUT, () -> committedQuietly("slow") == 2);

    assertThat(recorder.all())
        .extracting(d -> d.message().id())
        .as("each delivered once: the member never left the group")
        .containsExactly("s0", "s1");
    assertThat(sub.state()).isEqualTo(SubscriptionState.RUNNING);
  }

  private static long soon() {
    return Broker.deadlineAfter(Duration.ofSeconds(30));
  }
}
