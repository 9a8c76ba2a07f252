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
   * With the local stack: {@link ContractFeature#BROKER_RESTART} stops ElasticMQ gracefully and
   * restarts the EventBridge endpoint mid-stream; {@link ContractFeature#BROKER_KILL} kills the
   * ElasticMQ JVM with SIGKILL. ElasticMQ keeps its messages on disk, so both start it again with
   * what it held, as SQS never loses them. Neither is offered against an external stack.
   */
  @Override
  protected Set<ContractFeature> features() {
    return AwsTestEnvironment.get().local().isPresent()
        ? EnumSet.of(ContractFeature.BROKER_RESTART, ContractFeature.BROKER_KILL)
        : Set.of();
  }

  @Override
  protected void restartBroker() throws Exception {
    AwsTestEnvironment.get().restartBroker();
  }

  @Override
  protected void killBroker() {
    AwsTestEnvironment.get().killBroker();
  }
}
