package dev.eventbus.rabbitmq;

import dev.eventbus.GroupOptions;
import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.ContractFeature;
import dev.eventbus.testkit.internal.ContractFixture;
import dev.eventbus.testkit.internal.OrderingContract;
import java.time.Duration;
import java.util.Set;

/**
 * The contract's ordering group with the per-key ordering option on (single-active-consumer group
 * queues). The whole suite runs in {@link RabbitMqBrokerContractTest} with the default, competing
 * configuration; with this option a group has one active instance, so the suite's
 * competing-consumers group does not apply to it, and only the ordering group runs here.
 */
class RabbitMqOrderedByKeyContractTest extends OrderingContract {
  RabbitMqOrderedByKeyContractTest() {
    super(new OrderedFixture());
  }

  private static final class OrderedFixture implements ContractFixture {
    private final RabbitMqFixture rabbit = RabbitMqFixture.get();

    @Override
    public Broker createBroker() {
      return rabbit.brokerBuilder().orderedByKey(true).build();
    }

    @Override
    public Set<ContractFeature> features() {
      return Set.of();
    }

    @Override
    public void restartBroker() {
      throw new UnsupportedOperationException("not offered by this fixture");
    }

    @Override
    public void killBroker() {
      throw new UnsupportedOperationException("not offered by this fixture");
    }

    @Override
    public Duration deliveryTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    public GroupOptions baseGroupOptions() {
      return GroupOptions.ofDefaults();
    }
  }
}
