package dev.eventbus.kafka;

import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.BrokerContractTest;
import dev.eventbus.testkit.ContractFeature;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The broker contract suite on a real Kafka: the {@link KafkaTestBroker} child JVM (or the broker
 * named by {@value KafkaTestBroker#BOOTSTRAP_ENV}), which this fixture can also restart and kill.
 */
class KafkaBrokerContractTest extends BrokerContractTest {
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  @Override
  protected Broker createBroker() {
    return KafkaTestSupport.brokerBuilder(kafka).build();
  }

  @Override
  protected Set<ContractFeature> features() {
    return kafka.supportsRestart()
        ? EnumSet.of(ContractFeature.BROKER_RESTART, ContractFeature.BROKER_KILL)
        : EnumSet.noneOf(ContractFeature.class);
  }

  @Override
  protected void restartBroker() {
    kafka.restart();
  }

  @Override
  protected void killBroker() {
    kafka.kill();
  }

  @Override
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(30);
  }
}
