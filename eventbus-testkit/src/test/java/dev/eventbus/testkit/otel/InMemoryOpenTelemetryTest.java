package dev.eventbus.testkit.otel;

import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import org.junit.jupiter.api.Nested;

/** The OpenTelemetry contract on the in-memory broker, encoded and by reference. */
class InMemoryOpenTelemetryTest {
  @Nested
  class Encoded extends OpenTelemetryContract {
    // One broker for every bus of a test, as one for several processes.
    private final InMemoryBroker broker =
        InMemoryBroker.builder().mode(InMemoryBroker.Mode.ENCODED).build();

    @Override
    protected Broker createBroker() {
      return broker;
    }

    @Override
    protected String publishingSystem() {
      return "memory";
    }
  }

  @Nested
  class ByReference extends OpenTelemetryContract {
    // One broker for every bus of a test, as one for several processes.
    private final InMemoryBroker broker =
        InMemoryBroker.builder().mode(InMemoryBroker.Mode.BY_REFERENCE).build();

    @Override
    protected Broker createBroker() {
      return broker;
    }

    @Override
    protected String publishingSystem() {
      return "memory";
    }
  }
}
