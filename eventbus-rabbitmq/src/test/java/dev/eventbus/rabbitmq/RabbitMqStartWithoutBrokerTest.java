package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.BusHealth;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import dev.eventbus.PublishException;
import dev.eventbus.RetriableEventBusException;
import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import dev.eventbus.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A bus started while RabbitMQ cannot be reached: start returns, health and the subscriptions say
 * why, publishes wait within their deadline and fail loudly after it, dead-letter calls fail at
 * once, close is prompt, and once the node is up the subscription runs and nothing is lost.
 */
class RabbitMqStartWithoutBrokerTest extends BrokerTestSupport {
  private static final String PASSWORD = "pw-marker-7f3a";

  /** The payload of the test. */
  public record Order(String id) {}

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private EventBus busOnClosedPort(Duration publishTimeout) throws IOException {
    RabbitMqBroker broker =
        RabbitMqBroker.builder()
            .host("127.0.0.1")
            .port(closedPort())
            .credentials("app", PASSWORD)
            .build();
    return closeLater(EventBus.builder().broker(broker).publishTimeout(publishTimeout).build());
  }

  private static boolean failingWithReason(EventBus bus, Subscription subscription) {
    BusHealth health = bus.health();
    return subscription.state() == SubscriptionState.FAILING
        && health.brokerHealth().status() == HealthStatus.DOWN
        && health.subscriptions().stream()
            .anyMatch(s -> s.detail() != null && s.detail().contains("not connected"));
  }

  @Test
  void startReturnsWithHealthDownAndTheSubscriptionFailingWithoutTheSecret() throws Exception {
    EventBus bus = busOnClosedPort(Duration.ofSeconds(30));
    bus.start();
    Subscription subscription = bus.subscribe(topic, group, Order.class, (o, context) -> {});

    Await.until(
        "FAILING with a reason", Duration.ofSeconds(5), () -> failingWithReason(bus, subscription));
    BusHealth health = bus.health();
    assertThat(health.brokerHealth().detail())
        .contains("not connected to RabbitMQ at amqp://app@127.0.0.1:")
        .contains("Connection refused")
        .doesNotContain(PASSWORD);
    assertThat(health.toJson()).doesNotContain(PASSWORD);
    assertThat(subscription.state()).isEqualTo(SubscriptionState.FAILING);
  }

  @Test
  void aPublishWhileDownFailsWithPublishExceptionOnceItsTimeoutPassed() throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    EventBus bus = busOnClosedPort(timeout);
    bus.start();

    long start = System.nanoTime();
    CompletableFuture<Event<?>> publish = bus.publish(topic, new Order("o-1"));
    assertThatThrownBy(() -> publish.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PublishException.class)
        .hasMessageContaining("RabbitMQ at amqp://app@127.0.0.1:")
        .hasMessageContaining("unreachable")
        .hasMessageContaining("Connection refused")
        .hasMessageNotContaining(PASSWORD);
    long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertThat(elapsed).isLessThanOrEqualTo(timeout.toMillis() + 1000);
  }

  @Test
  void deadLetterCallsWhileDownFailAtOnceAsRetriable() throws Exception {
    EventBus bus = busOnClosedPort(Duration.ofSeconds(30));
    bus.start();

    long start = System.nanoTime();
    assertThatThrownBy(() -> bus.deadLetters().list(topic, group, 10))
        .isInstanceOf(RetriableEventBusException.class)
        .hasMessageContaining("not connected to RabbitMQ")
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(() -> bus.deadLetters().purge(topic, group))
        .isInstanceOf(RetriableEventBusException.class);
    assertThatThrownBy(() -> bus.deadLetters().count(topic, group))
        .isInstanceOf(RetriableEventBusException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void closeWhileDownReturnsWithinTwoSecondsAndFailsWhatWaited() throws Exception {
    EventBus bus = busOnClosedPort(Duration.ofSeconds(30));
    bus.start();
    bus.subscribe(topic, group, Order.class, (o, context) -> {});
    CompletableFuture<Event<?>> waiting = bus.publish(topic, new Order("o-1"));

    long start = System.nanoTime();
    bus.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    Await.until("the waiting publish failed", Duration.ofSeconds(2), waiting::isDone);
    assertThat(waiting).isCompletedExceptionally();
  }

  @Test
  void aBusStartedWhileTheNodeIsDownConsumesOnceItIsUpAndLosesNothing() throws Exception {
    Set<String> handled = ConcurrentHashMap.newKeySet();
    AtomicReference<EventBus> started = new AtomicReference<>();
    AtomicReference<Subscription> subscribed = new AtomicReference<>();
    AtomicReference<CompletableFuture<Event<?>>> publishedWhileDown = new AtomicReference<>();

    rabbit.restart(
        () -> {
          EventBus bus =
              closeLater(
                  EventBus.builder()
                      .broker(rabbit.brokerBuilder().build())
                      .publishTimeout(Duration.ofMinutes(2))
                      .build());
          bus.start();
          started.set(bus);
          Subscription s =
              bus.subscribe(topic, group, Order.class, (o, context) -> handled.add(o.id()));
          subscribed.set(s);
          Await.until("FAILING with a reason", TIMEOUT, () -> failingWithReason(bus, s));
          publishedWhileDown.set(bus.publish(topic, new Order("while-down")));
        });

    EventBus bus = started.get();
    Await.until(
        "RUNNING and UP once the node is up",
        TIMEOUT,
        () ->
            subscribed.get().state() == SubscriptionState.RUNNING
                && bus.health().status() == HealthStatus.UP);
    publishedWhileDown.get().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    bus.publish(topic, new Order("after")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Await.until(
        "both events handled", TIMEOUT, () -> handled.containsAll(Set.of("while-down", "after")));
    assertThat(handled).containsExactlyInAnyOrder("while-down", "after");
  }
}
