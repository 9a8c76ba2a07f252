package dev.eventbus.testkit;

import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The in-memory broker runs the whole contract suite, in its encoded mode (the testkit harness's
 * default); {@link InMemoryByReferenceContractTest} runs it by reference. Every bus of a test
 * reaches one shared broker through a connection of its own, so that buses behave as separate
 * processes.
 */
class InMemoryBrokerContractTest extends BrokerContractTest {
  private final SharedInMemoryBroker shared = new SharedInMemoryBroker(broker());

  /**
   * The broker this suite runs on.
   *
   * @return a new broker
   */
  InMemoryBroker broker() {
    return InMemoryBroker.builder()
        .mode(InMemoryBroker.Mode.ENCODED)
        .partitions(8)
        .retainedEvents(10_000)
        .build();
  }

  @Override
  protected Broker createBroker() {
    return shared.connect();
  }

  /**
   * The in-memory broker lives in this JVM and cannot restart or be killed; the fixture offers what
   * a graceful restart does to clients instead, so that the suite's restart path runs here too.
   */
  @Override
  protected Set<ContractFeature> features() {
    return EnumSet.of(ContractFeature.BROKER_RESTART);
  }

  @Override
  protected void restartBroker() {
    shared.severAndReconnectConsumers();
  }

  @Override
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(10);
  }
}
