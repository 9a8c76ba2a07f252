/**
 * The eventbus API, the broker SPI, the core runtime and the in-memory broker.
 *
 * <p>Exports the API ({@code dev.eventbus}, {@code dev.eventbus.idempotency}, {@code
 * dev.eventbus.memory}) and the broker SPI ({@code dev.eventbus.spi}). The core runtime ({@code
 * dev.eventbus.internal}) is not exported: nothing outside this module may use it. Brokers are
 * found with {@link java.util.ServiceLoader} as {@link dev.eventbus.spi.BrokerProvider} services.
 */
module dev.eventbus {
  requires transitive com.fasterxml.jackson.databind;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires transitive java.sql;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires micrometer.commons;
  requires org.slf4j;

  exports dev.eventbus;
  exports dev.eventbus.idempotency;
  exports dev.eventbus.memory;
  exports dev.eventbus.spi;

  uses dev.eventbus.spi.BrokerProvider;

  provides dev.eventbus.spi.BrokerProvider with
      dev.eventbus.memory.MemoryBrokerProvider;
}
