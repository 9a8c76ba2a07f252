package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import dev.eventbus.PublishException;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import dev.eventbus.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Kafka starts as every broker does when it cannot be reached: start and subscribe return at once,
 * subscriptions read FAILING with the reason and set themselves up in the background, publishes and
 * dead-letter calls fail within their bounds, close is prompt; and once Kafka answers, the
 * subscriptions join their groups and consume.
 */
class KafkaStartWithoutBrokerTest {
  record Ping(int n) {}

  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

  @Test
  void startAndSubscribeReturnAtOnceWithNoKafkaAndEverythingElseFailsWithinItsBound()
      throws Exception {
    EventBus bus =
        EventBus.builder()
            .broker(KafkaBroker.builder().bootstrapServers("127.0.0.1:" + closedPort()).build())
            .publishTimeout(PUBLISH_TIMEOUT)
            .closeTimeout(Duration.ofSeconds(5))
            .build();
    Subscription before = bus.subscribe("orders", "billing", Ping.class, (p, c) -> {});
    assertThat(millis(bus::start)).as("start, ms").isLessThan(3_000);
    Subscription[] after = new Subscription[1];
    assertThat(
            millis(() -> after[0] = bus.subscribe("orders", "shipping", Ping.class, (p, c) -> {})))
        .as("subscribe after start, ms")
        .isLessThan(1_000);

    Await.until(
        "both subscriptions read FAILING with a reason",
        Duration.ofSeconds(20),
        () -> failingWithReason(bus, before) && failingWithReason(bus, after[0]),
        () -> bus.health().toJson());
    assertThat(bus.health().status()).isEqualTo(HealthStatus.DOWN);

    long began = System.nanoTime();
    CompletableFuture<?> published = bus.publish("orders", new Ping(1));
    assertThatThrownBy(() -> published.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PublishException.class)
        .hasMessageContaining("orders");
    assertThat(Duration.ofNanos(System.nanoTime() - began))
        .as("publish failed after")
        .isLessThan(PUBLISH_TIMEOUT.plusSeconds(2));

    long asked = System.nanoTime();
    assertThatThrownBy(() -> bus.deadLetters().count("orders", "billing"))
        .isInstanceOf(RetryableEventBusException.class)
        .hasMessageContaining("orders.billing.dlq");
    assertThat(Duration.ofNanos(System.nanoTime() - asked))
        .as("dead letters failed after")
        .isLessThan(Duration.ofSeconds(5));

    assertThat(millis(bus::close)).as("close, ms").isLessThan(10_000);
  }

  @Test
  void aBusStartedWhileKafkaIsDownConsumesOnceKafkaAnswers() throws Exception {
    KafkaTestBroker kafka = KafkaTestBroker.shared();
    assumeTrue(kafka.supportsRestart(), "needs the Kafka broker this fixture starts");
    String topic = KafkaTestSupport.unique("late-kafka");
    AtomicInteger handled = new AtomicInteger();
    try (EventBus bus =
        EventBus.builder()
            .broker(KafkaTestSupport.brokerBuilder(kafka).build())
            .publishTimeout(Duration.ofSeconds(60))
            .build()) {
      Subscription[] subscription = new Subscription[1];
      List<CompletableFuture<?>> whileDown = new ArrayList<>();
      CompletableFuture<Void> publishing = new CompletableFuture<>();
      kafka.whileDown(
          () -> {
            subscription[0] =
                bus.subscribe(topic, "workers", Ping.class, (p, c) -> handled.incrementAndGet());
            bus.start();
            Await.until(
                "FAILING while Kafka is down",
                Duration.ofSeconds(20),
                () -> failingWithReason(bus, subscription[0]),
                () -> bus.health().toJson());
            // A publish waits for Kafka within its deadline, the call itself too (it makes the
            // topic first), so these go out from another thread once Kafka is back.
            Thread publisher =
                new Thread(
                    () -> {
                      for (int i = 0; i < 5; i++) {
                        whileDown.add(bus.publish(topic, new Ping(i)));
                      }
                      publishing.complete(null);
                    });
            publisher.setDaemon(true);
            publisher.start();
          });
      publishing.get(60, TimeUnit.SECONDS);
      for (CompletableFuture<?> f : whileDown) {
        f.get(60, TimeUnit.SECONDS);
      }
      Await.until(
          "RUNNING once Kafka answers",
          Duration.ofSeconds(60),
          () -> subscription[0].state() == SubscriptionState.RUNNING,
          () -> bus.health().toJson());
      for (int i = 5; i < 10; i++) {
        bus.publish(topic, new Ping(i)).get(60, TimeUnit.SECONDS);
      }
      // A new group at LATEST that set itself up late starts at what was published since it
      // subscribed, not at the end of the topic: the five published while Kafka was down count.
      Await.until(
          "the ten events handled",
          Duration.ofSeconds(30),
          () -> handled.get() == 10,
          () -> handled.get() + " handled");
      Await.until(
          "the bus UP",
          Duration.ofSeconds(20),
          () -> bus.health().status() == HealthStatus.UP,
          () -> bus.health().toJson());
    }
  }

  private static boolean failingWithReason(EventBus bus, Subscription s) {
    return bus.health().subscriptions().stream()
        .anyMatch(
            h ->
                h.topic().equals(s.topic())
                    && h.group().equals(s.group())
                    && h.state() == SubscriptionState.FAILING
                    && h.detail() != null
                    && !h.detail().isBlank());
  }

  private interface Call {
    void run() throws Exception;
  }

  private static long millis(Call call) throws Exception {
    long began = System.nanoTime();
    call.run();
    return (System.nanoTime() - began) / 1_000_000;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
