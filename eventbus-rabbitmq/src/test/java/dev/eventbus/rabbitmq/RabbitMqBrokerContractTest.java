package dev.eventbus.rabbitmq;

import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.BrokerContractTest;
import dev.eventbus.testkit.ContractFeature;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shared broker contract on the real RabbitMQ server with the default configuration (quorum
 * queues, competing instances). Broker restarts are {@code rabbitmqctl stop_app} / {@code
 * start_app} on the local server.
 */
class RabbitMqBrokerContractTest extends BrokerContractTest {
  private final RabbitMqFixture rabbit = RabbitMqFixture.get();

  @Override
  protected Broker createBroker() {
    // A limit the oversized-event test can exceed (the default is RabbitMQ's 128 MiB).
    return rabbit.brokerBuilder().maxMessageBytes(1 << 20).build();
  }

  @Override
  protected Set<ContractFeature> features() {
    return rabbit.controllable()
        ? EnumSet.of(ContractFeature.BROKER_RESTART)
        : EnumSet.noneOf(ContractFeature.class);
  }

  @Override
  protected void restartBroker() {
    rabbit.restart();
  }
}
