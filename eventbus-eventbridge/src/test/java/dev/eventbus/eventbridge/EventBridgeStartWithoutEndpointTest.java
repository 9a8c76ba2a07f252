package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.BusHealth;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.HealthStatus;
import dev.eventbus.PublishException;
import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import dev.eventbus.eventbridge.EventBridgeTestSupport.Order;
import dev.eventbus.testkit.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * With nothing listening where SQS and EventBridge should answer: the bus starts, a subscription
 * reads FAILING with the reason in the bus's health, a publish fails within the bus's publish
 * timeout with a {@link PublishException}, the dead-letter calls fail naming what they tried, close
 * returns promptly; and once SQS and EventBridge answer on that port, the subscription sets itself
 * up and consumes without being subscribed again.
 */
class EventBridgeStartWithoutEndpointTest {
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local-secret"));

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "t-unreachable-" + run;
  private final String group = "g-unreachable-" + run;
  private EventBus bus;

  @AfterEach
  void closeBus() {
    if (bus != null) {
      bus.close();
    }
  }

  @Test
  void startSucceedsAndEveryCallFailsWithItsReasonWhileNothingListens() throws Exception {
    URI nothing = URI.create("http://127.0.0.1:" + closedPort());
    bus = bus(broker().endpoint(nothing));

    long starting = System.nanoTime();
    bus.start();
    Subscription subscription = bus.subscribe(topic, group, Order.class, (o, ctx) -> {});
    Duration subscribed = since(starting);
    assertThat(subscribed).as("start and subscribe").isLessThan(Duration.ofSeconds(10));

    String reason = awaitFailingWithReason(subscription);
    assertThat(reason).contains("Setting up", group).doesNotContain("local-secret");
    assertThat(bus.health().toJson()).contains("\"detail\":\"" + reason.replace("\"", "\\\""));
    assertThat(bus.health().brokerHealth().status()).isEqualTo(HealthStatus.DOWN);

    long publishing = System.nanoTime();
    CompletableFuture<Event<?>> published = bus.publish(topic, new Order("o-1", 1));
    assertThatThrownBy(() -> published.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PublishException.class)
        .hasMessageContaining("EventBridge did not accept event");
    Duration publishFailed = since(publishing);
    assertThat(publishFailed).as("publish").isLessThanOrEqualTo(PUBLISH_TIMEOUT);

    long listing = System.nanoTime();
    assertThatThrownBy(() -> bus.deadLetters().list(topic, group, 10))
        .isInstanceOf(EventBusException.class)
        .hasMessageContaining("dead-letter queue of " + topic + "/" + group);
    assertThatThrownBy(() -> bus.deadLetters().count(topic, group))
        .isInstanceOf(EventBusException.class)
        .hasMessageContaining("dead-letter queue of " + topic + "/" + group);
    Duration deadLettersFailed = since(listing);
    assertThat(deadLettersFailed).as("two dead-letter calls").isLessThan(Duration.ofSeconds(10));

    long closing = System.nanoTime();
    bus.close();
    Duration closed = since(closing);
    assertThat(closed).as("close").isLessThan(Duration.ofSeconds(5));
    System.out.printf(
        "Nothing listening: start and subscribe %d ms, publish failed after %d ms, two"
            + " dead-letter calls failed in %d ms, close %d ms; reason: %s%n",
        subscribed.toMillis(),
        publishFailed.toMillis(),
        deadLettersFailed.toMillis(),
        closed.toMillis(),
        reason);
    assertThat(subscription.state()).isEqualTo(SubscriptionState.STOPPED);
  }

  @Test
  void aSubscriptionSetsItselfUpAndConsumesOnceTheEndpointAnswers() throws Exception {
    int port = closedPort();
    URI sqsEndpoint = URI.create("http://127.0.0.1:" + port);
    SqsClient sqs =
        SqsClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(sqsEndpoint)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    try (sqs;
        LocalEventBridge eventBridge = new LocalEventBridge(sqs, Region.US_EAST_1.id())) {
      bus = bus(broker().sqsEndpoint(sqsEndpoint).eventBridgeEndpoint(eventBridge.endpoint()));
      Set<String> handled = ConcurrentHashMap.newKeySet();
      bus.start();
      Subscription subscription =
          bus.subscribe(topic, group, Order.class, (o, ctx) -> handled.add(o.id()));
      awaitFailingWithReason(subscription);

      ElasticMqProcess elasticMq = ElasticMqProcess.start(port);
      long listening = System.nanoTime();
      try {
        Await.until(
            "the subscription reads RUNNING once SQS answers",
            Duration.ofSeconds(90),
            () -> subscription.state() == SubscriptionState.RUNNING,
            () -> bus.health().toJson());
        System.out.printf("RUNNING %d ms after SQS listened%n", since(listening).toMillis());
        bus.publish(topic, new Order("after", 1)).get(30, TimeUnit.SECONDS);
        Await.until(
            "the event published after recovery is handled",
            Duration.ofSeconds(30),
            () -> handled.contains("after"));
      } finally {
        bus.close();
        elasticMq.stop();
      }
    }
  }

  /** A broker on the local test region and credentials, provisioning, short polls. */
  private EventBridgeBroker.Builder broker() {
    return EventBridgeBroker.builder()
        .region(Region.US_EAST_1)
        .credentials(CREDENTIALS)
        .provision(true)
        .pollWait(Duration.ofSeconds(1))
        .queuePrefix("ebu" + run + "-")
        .rulePrefix("ebu" + run + "-");
  }

  private static EventBus bus(EventBridgeBroker.Builder broker) {
    return EventBus.builder()
        .broker(broker.build())
        .registerType(Order.class)
        .publishTimeout(PUBLISH_TIMEOUT)
        .closeTimeout(Duration.ofSeconds(2))
        .build();
  }

  /** Waits until the subscription reads FAILING with a detail in health; returns that detail. */
  private String awaitFailingWithReason(Subscription subscription) {
    String[] detail = new String[1];
    Await.until(
        "the subscription reads FAILING with its reason",
        Duration.ofSeconds(10),
        () -> {
          BusHealth health = bus.health();
          health.subscriptions().stream()
              .filter(s -> s.group().equals(group) && s.state() == SubscriptionState.FAILING)
              .findFirst()
              .ifPresent(s -> detail[0] = s.detail());
          return subscription.state() == SubscriptionState.FAILING
              && detail[0] != null
              && !detail[0].isBlank();
        },
        () -> bus.health().toJson());
    return detail[0];
  }

  private static int closedPort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort(); // closed again: nothing listens there
    }
  }

  private static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}
