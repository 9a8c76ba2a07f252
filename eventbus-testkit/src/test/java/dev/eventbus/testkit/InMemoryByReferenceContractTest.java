package dev.eventbus.testkit;

import dev.eventbus.memory.InMemoryBroker;

/**
 * The whole contract suite on the in-memory broker in its by-reference mode, the embedded default
 * of {@code EventBus.builder()}: the published event object reaches the handlers, nothing is
 * encoded on the way.
 */
class InMemoryByReferenceContractTest extends InMemoryBrokerContractTest {
  @Override
  InMemoryBroker broker() {
    return InMemoryBroker.builder()
        .mode(InMemoryBroker.Mode.BY_REFERENCE)
        .partitions(8)
        .retainedEvents(10_000)
        .build();
  }
}
