package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.DeadLetter;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.GroupOptions;
import dev.eventbus.NonRetryableException;
import dev.eventbus.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * How topics, groups and events map onto EventBridge and SQS: events of other producers, bodies
 * that are not events, a bus per topic, FIFO queues, retries longer than the visibility limit, and
 * groups whose queue does not exist.
 */
class MappingTest extends EventBridgeTestSupport {
  /** The payload of an event another AWS producer puts on the bus. */
  record OrderPlaced(String orderId, int amount) {}

  @Test
  void anEventOfAnotherProducerIsDeliveredWithTheEnvelopeMappedToAttributes() {
    String topic = topic("foreign");
    AtomicReference<Event<?>> received = new AtomicReference<>();
    EventBus consumer =
        startBus(env.broker().build(), b -> b.registerType("OrderPlaced", 1, OrderPlaced.class));
    consumer.subscribe(
        topic, group("reader"), OrderPlaced.class, (o, ctx) -> received.set(ctx.event()));

    PutEventsResponse put;
    try (EventBridgeClient client = eventBridgeClient()) {
      put =
          client.putEvents(
              b ->
                  b.entries(
                      e ->
                          e.eventBusName("default")
                              .source(topic)
                              .detailType("OrderPlaced")
                              .detail("{\"orderId\":\"o-42\",\"amount\":42}")));
    }
    assertThat(put.failedEntryCount()).isZero();

    await("the foreign event was handled", () -> received.get() != null);
    Event<?> event = received.get();
    assertThat(event.payload()).isEqualTo(new OrderPlaced("o-42", 42));
    assertThat(event.id()).isEqualTo(put.entries().get(0).eventId());
    assertThat(event.type()).isEqualTo("OrderPlaced");
    assertThat(event.source()).isEqualTo(topic);
    assertThat(event.specVersion()).isEqualTo("1.0");
    assertThat(event.time()).isNotNull();
  }

  @Test
  void aCloudEventSentStraightToTheQueueInTheJsonFormatIsHandled() {
    String topic = topic("structured");
    String group = group("reader");
    EventBus consumer = startBus(env.broker().build());
    AtomicReference<Event<?>> received = new AtomicReference<>();
    consumer.subscribe(topic, group, OrderPlaced.class, (o, ctx) -> received.set(ctx.event()));
    String url = queueUrl(topic, group, "");

    env.sqs()
        .sendMessage(
            b ->
                b.queueUrl(url)
                    .messageBody(
                        "{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"/other-sdk\","
                            + "\"type\":\"OrderPlaced\",\"datacontenttype\":\"application/json\","
                            + "\"data\":{\"orderId\":\"o-7\",\"amount\":7}}"));

    await("the CloudEvent was handled", () -> received.get() != null);
    Event<?> event = received.get();
    assertThat(event.payload()).isEqualTo(new OrderPlaced("o-7", 7));
    assertThat(event.id()).isEqualTo("ce-1");
    assertThat(event.source()).isEqualTo("/other-sdk");
  }

  @Test
  void aBodyThatIsNotAnEventIsDeadLetteredUntouched() {
    String topic = topic("garbage");
    String group = group("reader");
    EventBus consumer = startBus(env.broker().build());
    List<String> handled = new CopyOnWriteArrayList<>();
    consumer.subscribe(topic, group, Order.class, (o, ctx) -> handled.add(ctx.event().id()));
    String url = queueUrl(topic, group, "");

    env.sqs().sendMessage(b -> b.queueUrl(url).messageBody("not an event {"));

    await("the body is dead-lettered", () -> consumer.deadLetters().count(topic, group) == 1);
    DeadLetter letter = consumer.deadLetters().list(topic, group, 10).get(0);
    assertThat(letter.reason()).isEqualTo("undecodable");
    assertThat(letter.bodyAsString()).isEqualTo("not an event {");
    assertThat(letter.topic()).isEqualTo(topic);
    assertThat(handled).isEmpty();
  }

  @Test
  void withABusPerTopicTheTopicGetsItsOwnBus() throws Exception {
    String topic = topic("own-bus");
    List<Order> received = new CopyOnWriteArrayList<>();
    EventBridgeBroker.Builder broker =
        env.broker().topicMapping(TopicMapping.BUS).busPrefix(env.prefix());
    startBus(broker.build())
        .subscribe(topic, group("reader"), Order.class, (o, c) -> received.add(o));

    startBus(broker.build()).publish(topic, new Order("o-1", 1)).get(30, TimeUnit.SECONDS);

    await("the event was handled", () -> received.size() == 1);
    env.local().ifPresent(l -> assertThat(l.busExists(env.prefix() + topic)).isTrue());
  }

  @Test
  void fifoGroupQueuesDeliverAndDeadLetter() throws Exception {
    String topic = topic("fifo");
    String group = group("reader");
    List<Integer> handled = new CopyOnWriteArrayList<>();
    EventBridgeBroker.Builder broker = env.broker().queueType(QueueType.FIFO);
    EventBus consumer = startBus(broker.build());
    consumer.subscribe(
        topic,
        group,
        Order.class,
        (o, ctx) -> {
          if (o.amount() == 3) {
            throw new NonRetryableException("no amount 3");
          }
          handled.add(o.amount());
        });
    EventBus publisher = startBus(broker.build());
    for (int i = 1; i <= 5; i++) {
      publisher.publish(topic, new Order("o-" + i, i)).get(30, TimeUnit.SECONDS);
    }

    await("four events were handled", () -> handled.size() == 4, handled::toString);
    await("one was dead-lettered", () -> consumer.deadLetters().count(topic, group) == 1);
    assertThat(queueUrl(topic, group, ".fifo")).endsWith(".fifo");
    assertThat(consumer.deadLetters().list(topic, group, 10).get(0).attempts()).isEqualTo(1);
  }

  @Test
  void aRetryLongerThanTheVisibilityLimitIsResentWithItsAttemptAndFirstFailure() {
    String topic = topic("long-retry");
    String group = group("flaky");
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    RetryPolicy retry =
        RetryPolicy.custom()
            .maxAttempts(3)
            .initialDelay(Duration.ofSeconds(1))
            .maxDelay(Duration.ofSeconds(1))
            .jitter(0.0)
            .build();
    EventBus consumer =
        startBus(
            env.broker().retryVisibilityLimit(Duration.ZERO).build(),
            b -> b.groupDefaults(GroupOptions.custom().retry(retry).build()));
    consumer.subscribe(
        topic,
        group,
        Order.class,
        (o, ctx) -> {
          attempts.add(ctx.attempt());
          throw new IllegalStateException("failure " + ctx.attempt());
        });

    CompletableFuture<Event<?>> sent =
        startBus(env.broker().build()).publish(topic, new Order("o-1", 1));

    await("the event is dead-lettered", () -> consumer.deadLetters().count(topic, group) == 1);
    DeadLetter letter = consumer.deadLetters().list(topic, group, 1).get(0);
    assertThat(attempts).containsExactly(1, 2, 3);
    assertThat(letter.eventId()).isEqualTo(sent.join().id());
    assertThat(letter.attempts()).isEqualTo(3);
    assertThat(Duration.between(letter.firstFailure(), letter.lastFailure()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
  }

  @Test
  void withoutProvisioningAMissingQueueFailsTheSubscribeNamingIt() {
    EventBus bus = startBus(env.broker().provision(false).build());
    String topic = topic("missing");

    assertThatThrownBy(() -> bus.subscribe(topic, group("nobody"), Order.class, (o, c) -> {}))
        .isInstanceOf(EventBusException.class)
        .hasMessageContaining(env.prefix() + topic)
        .hasMessageContaining("provision=true");
  }
}
