package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.testkit.RecordingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Broker health follows the client's connections. */
class RabbitMqHealthTest extends BrokerTestSupport {
  @Test
  void upWhileConnectedDownOnceClosedWithoutSecretsInTheDetail() {
    Broker broker = closeLater(rabbit.brokerBuilder().build());
    assertThat(broker.health().status()).isEqualTo(HealthStatus.DOWN);
    broker.start(
        new BrokerContext(
            scheduler, new SimpleMeterRegistry(), EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
    subscribe(broker, 10, new RecordingListener());

    BrokerHealth up = broker.health();
    assertThat(up.status()).isEqualTo(HealthStatus.UP);
    assertThat(up.detail()).startsWith("connected to ").doesNotContain(":guest@"); // no password

    broker.close();
    assertThat(broker.health().status()).isEqualTo(HealthStatus.DOWN);
  }
}
