package dev.eventbus.eventbridge;

import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.BrokerContractTest;
import dev.eventbus.testkit.ContractFeature;
import java.util.EnumSet;
import java.util.Set;

/**
 * The broker contract suite on EventBridge and SQS: ElasticMQ and the local EventBridge endpoint by
 * default, or LocalStack / AWS with {@code EVENTBUS_AWS_ENDPOINT} (see {@link AwsTestEnvironment}).
 * Each broker is a separate "process" with its own SDK clients.
 */
class EventBridgeBrokerContractTest extends BrokerContractTest {
  @Override
  protected Broker createBroker() {
    return AwsTestEnvironment.get().broker().build();
  }

  /**
   * With the local endpoint, {@link ContractFeature#BROKER_RESTART} restarts the EventBridge
   * endpoint mid-stream (connections refused, then accepted again; its rules kept). SQS is not
   * restarted: it is a durable managed service, and a fresh in-memory ElasticMQ would lose what SQS
   * never loses. There is no process to SIGKILL, so {@link ContractFeature#BROKER_KILL} is not
   * offered.
   */
  @Override
  protected Set<ContractFeature> features() {
    return AwsTestEnvironment.get().local().isPresent()
        ? EnumSet.of(ContractFeature.BROKER_RESTART)
        : Set.of();
  }

  @Override
  protected void restartBroker() throws Exception {
    AwsTestEnvironment.get().requireLocal().restart();
  }
}
