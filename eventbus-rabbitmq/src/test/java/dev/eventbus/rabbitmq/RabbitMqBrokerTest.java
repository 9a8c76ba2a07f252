package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.eventbus.EventBusException;
import dev.eventbus.PublishException;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.StartPosition;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The adapter's mapping and flow control on the real server, through the SPI. */
class RabbitMqBrokerTest extends BrokerTestSupport {
  @Test
  void messageRoundTripsWithKeyAttributesHeadersAndBody() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    BrokerMessage sent = message("e-1", "customer-7", "{\"n\":1}");

    broker.send(topic, sent, soon()).get(10, TimeUnit.SECONDS);

    Delivery d = listener.next(TIMEOUT);
    assertThat(d.message().key()).isEqualTo("customer-7");
    assertThat(d.message().attributes()).isEqualTo(sent.attributes());
    assertThat(d.message().headers()).isEqualTo(sent.headers());
    assertThat(body(d.message())).isEqualTo("{\"n\":1}");
    assertThat(d.topic()).isEqualTo(topic);
    assertThat(d.group()).isEqualTo(group);
    assertThat(d.attempt()).isEqualTo(1);
    d.ack();
  }

  @Test
  void eventsTravelWithTheCloudEventsAmqpBindingAndPersistently() throws Exception {
    Broker broker = broker();
    subscribe(broker, 10, new RecordingListener()); // declares the exchange
    try (Connection raw = rabbit.rawConnection()) {
      Channel ch = raw.createChannel();
      String probe = ch.queueDeclare().getQueue();
      ch.queueBind(probe, topic, "#");

      broker.send(topic, message("e-wire", "k-1", "{}"), soon()).get(10, TimeUnit.SECONDS);

      GetResponse r = getWithin(ch, probe);
      AMQP.BasicProperties props = r.getProps();
      assertThat(r.getEnvelope().getExchange()).isEqualTo(topic);
      assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("k-1");
      assertThat(props.getDeliveryMode()).isEqualTo(2);
      assertThat(props.getContentType()).isEqualTo("application/json");
      assertThat(props.getHeaders())
          .extractingByKeys(
              "cloudEvents:id", "cloudEvents:type", "cloudEvents:partitionkey", "trace")
          .map(String::valueOf)
          .containsExactly("e-wire", "test.Event", "k-1", "t-1");
      assertThat(props.getHeaders()).doesNotContainKey("cloudEvents:datacontenttype");
    }
  }

  @Test
  void foreignMessageWithoutCloudEventsHeadersReachesTheListenerWithoutAttributes()
      throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);
    try (Connection raw = rabbit.rawConnection()) {
      Channel ch = raw.createChannel();
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("text/plain")
              .headers(Map.of("origin", "legacy", "count", 3))
              .build();
      ch.basicPublish(topic, "legacy.key", props, "not json".getBytes(StandardCharsets.UTF_8));
    }

    Delivery d = listener.next(TIMEOUT);
    assertThat(d.message().id()).isNull();
    assertThat(d.message().attributes()).isEmpty();
    assertThat(d.message().headers()).containsEntry("origin", "legacy").containsEntry("count", "3");
    assertThat(body(d.message())).isEqualTo("not json");
    d.ack();
  }

  @Test
  void publishToATopicWithoutGroupsIsConfirmed() throws Exception {
    Broker broker = broker();

    broker.send(topic, message("e-nobody", null, "{}"), soon()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void sendToAGroupThatDoesNotExistFailsAsUnroutable() {
    Broker broker = broker();

    CompletableFuture<Void> sent =
        broker.sendToGroup(topic, "missing", message("e-x", null, "{}"), soon());

    assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PublishException.class)
        .hasMessageContaining("unroutable");
  }

  @Test
  void sendToGroupReachesThatGroupOnly() throws Exception {
    Broker broker = broker();
    RecordingListener mine = new RecordingListener();
    subscribe(broker, 10, mine);
    RecordingListener other = new RecordingListener();
    String myGroup = group;
    group = group + "-other";
    subscribe(broker, 10, other);

    broker
        .sendToGroup(topic, myGroup, message("e-direct", null, "{}"), soon())
        .get(10, TimeUnit.SECONDS);
    broker.send(topic, message("e-all", null, "{}"), soon()).get(10, TimeUnit.SECONDS);

    assertThat(mine.next(2, TIMEOUT))
        .extracting(d -> d.message().id())
        .containsExactly("e-direct", "e-all");
    assertThat(other.next(TIMEOUT).message().id()).isEqualTo("e-all");
    assertThat(other.poll(Duration.ofMillis(300))).isNull();
  }

  @Test
  void noMoreThanMaxInFlightDeliveriesAreUnsettled() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 3, listener);
    for (int i = 0; i < 6; i++) {
      broker.send(topic, message("e-" + i, null, "{}"), soon()).get(10, TimeUnit.SECONDS);
    }

    List<Delivery> first = listener.next(3, TIMEOUT);
    assertThat(listener.poll(Duration.ofMillis(500))).isNull();
    first.get(0).ack();

    assertThat(listener.next(TIMEOUT).message().id()).isEqualTo("e-3");
    assertThat(listener.poll(Duration.ofMillis(300))).isNull();
  }

  @Test
  void deliveriesKeepPublishOrder() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 50, listener);
    List<CompletableFuture<Void>> sent =
        broker.sendBatch(
            topic,
            java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> message("e-" + i, "k", "{}"))
                .toList(),
            soon());
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    for (int i = 0; i < 200; i++) {
      Delivery d = listener.next(TIMEOUT);
      assertThat(d.message().id()).isEqualTo("e-" + i);
      d.ack();
    }
  }

  @Test
  void unsettledDeliveriesGoToAnotherInstanceWhenOneCloses() throws Exception {
    Broker first = broker();
    Broker second = broker();
    RecordingListener firstListener = new RecordingListener();
    BrokerSubscription firstSubscription = subscribe(first, 10, firstListener);
    RecordingListener secondListener = new RecordingListener();
    subscribe(second, 10, secondListener);
    first.send(topic, message("e-crash", null, "{}"), soon()).get(10, TimeUnit.SECONDS);
    Delivery taken = firstListener.next(TIMEOUT);

    firstSubscription.close();

    Delivery again = secondListener.next(TIMEOUT);
    assertThat(again.message().id()).isEqualTo("e-crash");
    assertThat(firstSubscription.state()).isEqualTo(SubscriptionState.STOPPED);
    taken.ack(); // no effect after close
    again.ack();
  }

  @Test
  void byDefaultInstancesShareTheGroup() throws Exception {
    Broker first = broker();
    Broker second = broker();
    assertThat(first.capabilities().orderedByKey()).isFalse();
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    subscribe(first, 1, a);
    subscribe(second, 1, b);
    first.send(topic, message("e-a", null, "{}"), soon()).get(10, TimeUnit.SECONDS);
    first.send(topic, message("e-b", null, "{}"), soon()).get(10, TimeUnit.SECONDS);

    // Each instance holds one unsettled delivery (prefetch 1): the two went to different ones.
    assertThat(List.of(a.next(TIMEOUT).message().id(), b.next(TIMEOUT).message().id()))
        .containsExactlyInAnyOrder("e-a", "e-b");
  }

  @Test
  void withPerKeyOrderingOneInstanceIsActiveAndAnotherTakesOver() throws Exception {
    Broker first = broker(b -> b.orderedByKey(true));
    Broker second = broker(b -> b.orderedByKey(true));
    assertThat(first.capabilities().orderedByKey()).isTrue();
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    BrokerSubscription active = subscribe(first, 10, a);
    subscribe(second, 10, b);
    first.send(topic, message("e-1", "k", "{}"), soon()).get(10, TimeUnit.SECONDS);
    first.send(topic, message("e-2", "k", "{}"), soon()).get(10, TimeUnit.SECONDS);
    assertThat(a.next(2, TIMEOUT)).extracting(d -> d.message().id()).containsExactly("e-1", "e-2");
    assertThat(b.poll(Duration.ofMillis(300))).isNull();

    active.close();

    assertThat(b.next(2, TIMEOUT)).extracting(d -> d.message().id()).containsExactly("e-1", "e-2");
  }

  @Test
  void aGroupWhoseQueueExistsWithOtherArgumentsFailsAtSubscribeSayingSo() {
    subscribe(broker(b -> b.queueType(QueueType.CLASSIC)), 10, new RecordingListener());
    Broker quorum = broker();

    assertThatThrownBy(
            () ->
                quorum.subscribe(
                    new ConsumerSpec(topic, group, 10, StartPosition.LATEST, false),
                    new RecordingListener()))
        .isInstanceOf(EventBusException.class)
        .hasMessageContaining("'" + topic + "." + group + "'")
        .hasMessageContaining("other arguments");
  }

  @Test
  void aSubscriptionWhoseQueueIsDeletedDeclaresItAgainAndResumes() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    BrokerSubscription subscription = subscribe(broker, 10, listener);
    Await.until("RUNNING", TIMEOUT, () -> subscription.state() == SubscriptionState.RUNNING);

    try (Connection raw = rabbit.rawConnection()) {
      raw.createChannel().queueDelete(topic + "." + group);
    }
    Await.until("FAILING", TIMEOUT, () -> subscription.state() == SubscriptionState.FAILING);
    Await.until("RUNNING", TIMEOUT, () -> subscription.state() == SubscriptionState.RUNNING);
    broker.send(topic, message("e-after", null, "{}"), soon()).get(10, TimeUnit.SECONDS);

    assertThat(listener.next(TIMEOUT).message().id()).isEqualTo("e-after");
  }

  private static GetResponse getWithin(Channel ch, String queue) throws Exception {
    GetResponse[] got = new GetResponse[1];
    Await.until(
        "a message in " + queue,
        TIMEOUT,
        () -> {
          try {
            got[0] = ch.basicGet(queue, true);
            return got[0] != null;
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
    return got[0];
  }

  private static long soon() {
    return Broker.deadlineAfter(Duration.ofSeconds(30));
  }
}
