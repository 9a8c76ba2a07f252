package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import dev.eventbus.testkit.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Broker health asks SQS, and is DOWN once the broker is closed. */
class EventBridgeHealthTest extends EventBridgeTestSupport {
  @Test
  void upWhileSqsAnswersDownOnceClosed() {
    EventBridgeBroker broker = env.broker().build();
    assertThat(broker.health().status()).isEqualTo(HealthStatus.DOWN);
    EventBus bus = startBus(broker);

    // The first check starts with the broker and is answered in the background.
    Await.until(
        "health UP",
        Duration.ofSeconds(10),
        () -> bus.health().brokerHealth().status() == HealthStatus.UP);
    assertThat(broker.health().detail()).startsWith("SQS reachable in ");

    bus.close();
    assertThat(broker.health().status()).isEqualTo(HealthStatus.DOWN);
  }
}
