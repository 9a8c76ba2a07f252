package dev.eventbus.kafka;

import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.otel.OpenTelemetryContract;
import java.time.Duration;
import java.util.Set;

/** The OpenTelemetry contract on a real Kafka, the {@link KafkaTestBroker} of the suite. */
class KafkaOpenTelemetryTest extends OpenTelemetryContract {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  @Override
  protected Broker createBroker() {
    return KafkaTestSupport.brokerBuilder(kafka).build();
  }

  @Override
  protected String publishingSystem() {
    return "kafka";
  }

  @Override
  protected Set<String> brokerAttributes() {
    return Set.of("messaging.destination.partition.id", "messaging.kafka.offset");
  }

  @Override
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(30);
  }
}
