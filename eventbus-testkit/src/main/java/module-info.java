/**
 * The eventbus test kit: the harness with waiting assertions, the virtual clock, fault injection,
 * the JUnit 5 extension and the broker contract suite.
 *
 * <p>Exports {@code dev.eventbus.testkit}. The contract groups in {@code
 * dev.eventbus.testkit.internal} are not exported; they are opened, because JUnit runs the nested
 * groups of a {@code BrokerContractTest} subclass by reflection.
 */
module dev.eventbus.testkit {
  requires transitive dev.eventbus;
  requires transitive org.junit.jupiter.api;
  // Only the contract suite's observability group uses them: a user of the harness alone needs
  // neither on the module path, one running the contract suite adds them (docs/testing.md).
  requires static micrometer.tracing;
  requires static micrometer.tracing.test;
  requires org.slf4j;

  exports dev.eventbus.testkit;

  opens dev.eventbus.testkit.internal;
}
