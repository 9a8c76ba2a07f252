package dev.eventbus.spi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The {@value #NAME} gauge of a broker whose lag is a queue depth (RabbitMQ, SQS), one per (topic,
 * group), each counted by a {@link RefreshingCount}: at most once per interval, on the adapter's
 * executor, never on the thread that reads the gauge. Adapters register a group when it is
 * subscribed and {@link #close()} when the broker closes. Thread-safe.
 */
public final class QueueDepthGauges {
  /** The meter name, the same on every broker. */
  public static final String NAME = dev.eventbus.MeterNames.CONSUMER_LAG;

  private final MeterRegistry registry;
  private final String description;
  private final Duration minInterval;
  private final Executor executor;
  private final ConcurrentHashMap<String, RefreshingCount> depths = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * Creates the gauges' owner.
   *
   * @param registry where the gauges go
   * @param description what the count is, for the meter description
   * @param minInterval the least time between two counts of one queue
   * @param executor where counting runs
   */
  public QueueDepthGauges(
      MeterRegistry registry, String description, Duration minInterval, Executor executor) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.description = Objects.requireNonNull(description, "description");
    this.minInterval = Objects.requireNonNull(minInterval, "minInterval");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * Registers the gauge of a group once; later calls for the same group do nothing.
   *
   * @param topic the topic
   * @param group the group
   * @param what what is counted, for logs
   * @param count counts the messages waiting; a negative answer reads as unknown (NaN)
   */
  public void register(String topic, String group, String what, LongSupplier count) {
    depths.computeIfAbsent(
        topic + '\u0000' + group,
        k -> {
          RefreshingCount depth =
              new RefreshingCount(what, count, () -> !closed, minInterval, executor);
          gauges.add(
              Gauge.builder(NAME, depth, RefreshingCount::value)
                  .tags("topic", topic, "group", group)
                  .description(description)
                  .register(registry));
          return depth;
        });
  }

  /** Stops counting and removes the gauges. Idempotent. */
  public void close() {
    closed = true;
    gauges.forEach(registry::remove);
    gauges.clear();
    depths.clear();
  }
}
