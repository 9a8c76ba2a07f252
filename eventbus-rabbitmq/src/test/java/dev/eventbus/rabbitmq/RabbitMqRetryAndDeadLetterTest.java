package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.eventbus.DeadLetter;
import dev.eventbus.rabbitmq.internal.Topology;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.Delivery;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Delayed retries through TTL queues, and the dead-letter queue with its store. */
class RabbitMqRetryAndDeadLetterTest extends BrokerTestSupport {
  @Test
  void retryLaterRedeliversAfterTheDelayWithTheGivenHeaders() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    broker.send(topic, message("e-retry", "k", "{}"), soon()).get(10, TimeUnit.SECONDS);
    Delivery first = listener.next(TIMEOUT);

    long start = System.nanoTime();
    first.retryLater(Duration.ofMillis(400), Map.of(Delivery.ATTEMPT_HEADER, "2"));

    Delivery again = listener.next(TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
    assertThat(again.message().id()).isEqualTo("e-retry");
    assertThat(again.message().key()).isEqualTo("k");
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.message().headers())
        .containsEntry("trace", "t-1")
        .doesNotContainKeys("x-death", "x-first-death-reason");
    again.ack();
  }

  @Test
  void aRetryWithoutDelayGoesBackToTheGroupsQueueAtOnce() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    broker.send(topic, message("e-now", null, "{}"), soon()).get(10, TimeUnit.SECONDS);

    listener.next(TIMEOUT).retryLater(Duration.ZERO, Map.of(Delivery.ATTEMPT_HEADER, "2"));

    assertThat(listener.next(TIMEOUT).attempt()).isEqualTo(2);
  }

  @Test
  void aDelayedRetrySurvivesADroppedConnection() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    broker.send(topic, message("e-later", null, "{}"), soon()).get(10, TimeUnit.SECONDS);
    listener.next(TIMEOUT).retryLater(Duration.ofSeconds(2), Map.of(Delivery.ATTEMPT_HEADER, "2"));
    String delayQueue =
        Topology.delayQueue(topic, group, Topology.delayBucket(Duration.ofSeconds(2)));
    Await.until("the retry in " + delayQueue, TIMEOUT, () -> messagesIn(delayQueue) == 1);

    rabbit.closeAllConnections();

    Delivery again = listener.next(TIMEOUT);
    assertThat(again.message().id()).isEqualTo("e-later");
    assertThat(again.attempt()).isEqualTo(2);
    again.ack();
  }

  @Test
  void deadLettersAreListedOldestFirstCountedDeletedAndPurged() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    for (String id : new String[] {"d-1", "d-2", "d-3"}) {
      broker
          .send(topic, message(id, null, "{\"id\":\"" + id + "\"}"), soon())
          .get(10, TimeUnit.SECONDS);
      Delivery d = listener.next(TIMEOUT);
      d.deadLetter(deadLetterHeaders(id)).get(10, TimeUnit.SECONDS);
    }
    DeadLetterStore store = broker.deadLetters();

    assertThat(store.count(topic, group)).isEqualTo(3);
    assertThat(store.list(topic, group, 10))
        .extracting(BrokerMessage::id)
        .containsExactly("d-1", "d-2", "d-3");
    BrokerMessage stored = store.list(topic, group, 1).get(0);
    assertThat(stored.headers())
        .containsEntry(DeadLetter.REASON_HEADER, "non-retryable")
        .containsEntry(DeadLetter.GROUP_HEADER, group)
        .containsEntry("trace", "t-1");
    assertThat(body(stored)).isEqualTo("{\"id\":\"d-1\"}");
    assertThat(store.list(topic, group, 2))
        .extracting(BrokerMessage::id)
        .containsExactly("d-1", "d-2");

    assertThat(store.delete(topic, group, "d-2")).isTrue();
    assertThat(store.delete(topic, group, "d-2")).isFalse();
    assertThat(store.list(topic, group, 10))
        .extracting(BrokerMessage::id)
        .containsExactly("d-1", "d-3");

    assertThat(store.purge(topic, group)).isEqualTo(2);
    assertThat(store.count(topic, group)).isZero();
    assertThat(listener.poll(Duration.ofMillis(200))).isNull();
  }

  @Test
  void aForeignMessageIsDeadLetteredWithItsOriginalProperties() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    try (Connection raw = rabbit.rawConnection()) {
      Channel ch = raw.createChannel();
      ch.basicPublish(
          topic,
          "",
          new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
          "legacy".getBytes(StandardCharsets.UTF_8));
    }
    Delivery foreign = listener.next(TIMEOUT);

    foreign.deadLetter(deadLetterHeaders("generated-7")).get(10, TimeUnit.SECONDS);

    try (Connection raw = rabbit.rawConnection()) {
      var got = raw.createChannel().basicGet(topic + "." + group + ".dlq", true);
      assertThat(got.getProps().getContentType()).isEqualTo("text/plain");
      assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("legacy");
    }
  }

  @Test
  void aMissingDeadLetterQueueReadsAsEmpty() {
    DeadLetterStore store = broker().deadLetters();

    assertThat(store.list(topic, group, 10)).isEmpty();
    assertThat(store.count(topic, group)).isZero();
    assertThat(store.delete(topic, group, "nothing")).isFalse();
    assertThat(store.purge(topic, group)).isZero();
  }

  private Map<String, String> deadLetterHeaders(String id) {
    return Map.of(
        DeadLetter.ID_HEADER,
        id,
        DeadLetter.REASON_HEADER,
        "non-retryable",
        DeadLetter.GROUP_HEADER,
        group,
        DeadLetter.ATTEMPTS_HEADER,
        "1");
  }

  private long messagesIn(String queue) {
    try (Connection raw = rabbit.rawConnection()) {
      return raw.createChannel().queueDeclarePassive(queue).getMessageCount();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long soon() {
    return Broker.deadlineAfter(Duration.ofSeconds(30));
  }
}
