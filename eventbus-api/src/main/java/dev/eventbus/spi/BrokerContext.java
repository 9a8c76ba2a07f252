package dev.eventbus.spi;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the bus gives a broker when it starts it.
 *
 * @param scheduler the bus's time source and delayed-task runner; use it for every delay so that a
 *     virtual clock controls them in tests
 * @param meterRegistry where the broker registers its own meters (consumer lag, queue depth)
 */
public record BrokerContext(Scheduler scheduler, MeterRegistry meterRegistry) {}
