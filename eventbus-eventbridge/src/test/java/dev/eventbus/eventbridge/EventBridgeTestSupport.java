package dev.eventbus.eventbridge;

import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.testkit.Await;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/** Buses over the test environment, closed after each test, unique names and bounded waits. */
abstract class EventBridgeTestSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A payload for the adapter tests. */
  record Order(String id, int amount) {}

  final AwsTestEnvironment env = AwsTestEnvironment.get();
  private final Deque<EventBus> buses = new ArrayDeque<>();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void closeBuses() {
    while (!buses.isEmpty()) {
      buses.pop().close();
    }
  }

  String topic(String name) {
    return "t-" + name + "-" + suffix;
  }

  String group(String name) {
    return "g-" + name + "-" + suffix;
  }

  EventBus startBus(EventBridgeBroker broker) {
    return startBus(broker, b -> {});
  }

  EventBus startBus(EventBridgeBroker broker, Consumer<EventBus.Builder> customizer) {
    EventBus.Builder b =
        EventBus.builder()
            .broker(broker)
            .registerType(Order.class)
            .groupDefaults(GroupOptions.ofDefaults())
            .closeTimeout(Duration.ofSeconds(10));
    customizer.accept(b);
    EventBus bus = b.build();
    buses.push(bus);
    bus.start();
    return bus;
  }

  /** The URL of a group's queue in this environment. */
  String queueUrl(String topic, String group, String suffix) {
    String name = env.prefix() + topic + "__" + group + suffix;
    return env.sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
  }

  /** An EventBridge client of this environment, for what a user or another producer does. */
  EventBridgeClient eventBridgeClient() {
    EventBridgeClientBuilder b =
        EventBridgeClient.builder()
            .region(env.region())
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (env.eventBridgeEndpoint() != null) {
      b.endpointOverride(env.eventBridgeEndpoint());
    }
    if (env.local().isPresent()) {
      b.credentialsProvider(
          StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local-secret")));
    }
    return b.build();
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  static void await(String what, BooleanSupplier condition, Supplier<?> state) {
    Await.until(what, TIMEOUT, condition, state);
  }
}
