package dev.eventbus.testkit;

/**
 * Fault features a {@link BrokerContractTest} fixture can offer beyond plain connections. The
 * reliability tests that need a feature run only when {@link BrokerContractTest#features()}
 * declares it; otherwise they are reported as not run, with the missing feature named.
 */
public enum ContractFeature {
  /**
   * The fixture can stop the broker gracefully and start it again, through {@link
   * BrokerContractTest#restartBroker()}.
   */
  BROKER_RESTART,
  /**
   * The fixture can kill the broker process with SIGKILL and start it again, through {@link
   * BrokerContractTest#killBroker()}.
   */
  BROKER_KILL
}
