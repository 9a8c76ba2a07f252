package dev.eventbus.spi;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * What the bus gives a broker when it starts it.
 *
 * @param scheduler the bus's time source and delayed-task runner; use it for every delay so that a
 *     virtual clock controls them in tests
 * @param meterRegistry where the broker registers its own meters (consumer lag, queue depth)
 * @param publishTimeout the bus's publish timeout ({@code eventbus.publish.timeout}): how long the
 *     broker may take to accept a message it was sent. The bus bounds how many publishes are
 *     pending ({@code eventbus.publish.max-pending}); a broker that has to hold messages (its
 *     connection is down, its confirm window is full) keeps no bound of its own, and fails a
 *     message's future with a {@link dev.eventbus.PublishException} once it has waited this long
 */
public record BrokerContext(
    Scheduler scheduler, MeterRegistry meterRegistry, Duration publishTimeout) {
  /** Checks the values. */
  public BrokerContext {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
  }
}
