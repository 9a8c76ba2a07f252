package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import org.junit.jupiter.api.Test;

/** Broker health asks SQS, and is DOWN once the broker is closed. */
class EventBridgeHealthTest extends EventBridgeTestSupport {
  @Test
  void upWhileSqsAnswersDownOnceClosed() {
    EventBridgeBroker broker = env.broker().build();
    assertThat(broker.health().status()).isEqualTo(HealthStatus.DOWN);
    EventBus bus = startBus(broker);

    assertThat(bus.health().brokerHealth().status()).isEqualTo(HealthStatus.UP);
    assertThat(broker.health().detail()).startsWith("SQS reachable in ");

    bus.close();
    assertThat(broker.health().status()).isEqualTo(HealthStatus.DOWN);
  }
}
