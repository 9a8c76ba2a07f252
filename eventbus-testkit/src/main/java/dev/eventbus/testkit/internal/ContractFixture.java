package dev.eventbus.testkit.internal;

import dev.eventbus.GroupOptions;
import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.BrokerContractTest;
import dev.eventbus.testkit.ContractFeature;
import java.time.Duration;
import java.util.Set;

/**
 * What the contract groups need from the {@link BrokerContractTest} subclass under test: its
 * overridable methods, handed over as one object. Each method has the contract of the method of the
 * same name in {@link BrokerContractTest}.
 */
public interface ContractFixture {
  /**
   * A new, unstarted broker connected to the broker under test.
   *
   * @return the broker
   */
  Broker createBroker();

  /**
   * The fault features of the fixture.
   *
   * @return the features
   */
  Set<ContractFeature> features();

  /**
   * Restarts the broker gracefully.
   *
   * @throws Exception if it could not
   */
  void restartBroker() throws Exception;

  /**
   * Kills the broker and starts it again.
   *
   * @throws Exception if it could not
   */
  void killBroker() throws Exception;

  /**
   * How long to wait for an expected delivery.
   *
   * @return the timeout
   */
  Duration deliveryTimeout();

  /**
   * The group options tests start from.
   *
   * @return the options
   */
  GroupOptions baseGroupOptions();
}
