package dev.eventbus.kafka.internal;

import dev.eventbus.spi.Scheduler;
import java.time.Duration;

/**
 * What every subscription of a broker shares.
 *
 * @param publisher the broker's producer, for retry and dead-letter writes
 * @param topics creates retry and dead-letter topics
 * @param scheduler the bus's time source, for retry due times
 * @param lagGauges where consumer lag is published
 * @param commitInterval how often offsets are committed at most
 */
public record SubscriptionResources(
    KafkaPublisher publisher,
    Topics topics,
    Scheduler scheduler,
    LagGauges lagGauges,
    Duration commitInterval) {}
