package dev.eventbus.rabbitmq;

import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.BrokerContractTest;
import dev.eventbus.testkit.ContractFeature;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shared broker contract on a real RabbitMQ with the default configuration (quorum queues,
 * competing instances): the tests' own node ({@link RabbitMqTestNode}), which this fixture restarts
 * (SIGTERM) and kills (SIGKILL) mid-stream, or the server named by {@code EVENTBUS_RABBITMQ_URI},
 * without those two faults.
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
        ? EnumSet.of(ContractFeature.BROKER_RESTART, ContractFeature.BROKER_KILL)
        : EnumSet.noneOf(ContractFeature.class);
  }

  @Override
  protected void restartBroker() {
    rabbit.restart();
  }

  @Override
  protected void killBroker() {
    rabbit.kill();
  }
}
