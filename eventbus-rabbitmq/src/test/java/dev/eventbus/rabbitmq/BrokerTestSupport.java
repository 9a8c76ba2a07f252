package dev.eventbus.rabbitmq;

import dev.eventbus.EventBus;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Drives {@link RabbitMqBroker}s through the SPI on the tests' RabbitMQ: unique topic and group
 * names per test, every broker and subscription closed after it.
 */
abstract class BrokerTestSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  final RabbitMqFixture rabbit = RabbitMqFixture.get();
  final Scheduler scheduler = Scheduler.system();
  private final List<AutoCloseable> resources = new ArrayList<>();
  String topic;
  String group;

  @BeforeEach
  void names() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    topic = "topic-" + suffix;
    group = "group-" + suffix;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  /** A started broker, closed after the test. */
  Broker broker() {
    return broker(b -> b);
  }

  /** A started broker with settings changed from the fixture's, closed after the test. */
  Broker broker(UnaryOperator<RabbitMqBroker.Builder> customize) {
    return broker(customize, EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT);
  }

  /** A started broker given the publish timeout a bus would give it, closed after the test. */
  Broker broker(Duration publishTimeout) {
    return broker(b -> b, publishTimeout);
  }

  private Broker broker(UnaryOperator<RabbitMqBroker.Builder> customize, Duration publishTimeout) {
    Broker broker = customize.apply(rabbit.brokerBuilder()).build();
    broker.start(new BrokerContext(scheduler, new SimpleMeterRegistry(), publishTimeout));
    resources.add(broker);
    return broker;
  }

  /** A running subscription to this test's topic and group, closed after the test. */
  BrokerSubscription subscribe(Broker broker, int maxInFlight, DeliveryListener listener) {
    BrokerSubscription s =
        broker.subscribe(
            new ConsumerSpec(topic, group, maxInFlight, StartPosition.LATEST, true), listener);
    resources.add(s::close);
    return s;
  }

  /** Closes something after the test, before what was registered earlier. */
  <T extends AutoCloseable> T closeLater(T resource) {
    resources.add(resource);
    return resource;
  }

  static BrokerMessage message(String id, String key, String body) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("id", id);
    attributes.put("source", "/tests");
    attributes.put("type", "test.Event");
    attributes.put("specversion", "1.0");
    attributes.put("datacontenttype", "application/json");
    if (key != null) {
      attributes.put("partitionkey", key);
    }
    return BrokerMessage.of(
        key, attributes, Map.of("trace", "t-1"), body.getBytes(StandardCharsets.UTF_8));
  }

  static String body(BrokerMessage m) {
    return new String(m.body(), StandardCharsets.UTF_8);
  }
}
