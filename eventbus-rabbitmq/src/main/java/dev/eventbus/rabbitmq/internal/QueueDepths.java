package dev.eventbus.rabbitmq.internal;

import dev.eventbus.spi.RefreshingCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The gauge {@code eventbus.consumer.lag} (tags topic, group) of every group subscribed through
 * this broker: the messages ready in the group's queue, counted with a passive queue declare at
 * most every {@link #MIN_INTERVAL} on the maintenance thread ({@link RefreshingCount}), never on
 * the thread that reads the gauge.
 */
final class QueueDepths {
  static final String LAG = "eventbus.consumer.lag";
  static final Duration MIN_INTERVAL = Duration.ofSeconds(2);

  private final MeterRegistry registry;
  private final Topology topology;
  private final Executor executor;
  private final ConcurrentHashMap<String, RefreshingCount> depths = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  QueueDepths(MeterRegistry registry, Topology topology, Executor executor) {
    this.registry = registry;
    this.topology = topology;
    this.executor = executor;
  }

  /** Registers the gauge of a group once. */
  void register(String topic, String group) {
    depths.computeIfAbsent(
        topic + '\u0000' + group,
        k -> {
          String queue = Topology.groupQueue(topic, group);
          RefreshingCount depth =
              new RefreshingCount(
                  "messages in queue " + queue,
                  () -> topology.messageCount(queue),
                  () -> !closed,
                  MIN_INTERVAL,
                  executor);
          gauges.add(
              Gauge.builder(LAG, depth, RefreshingCount::value)
                  .tags("topic", topic, "group", group)
                  .description("Messages ready in the group's queue, not yet delivered")
                  .register(registry));
          return depth;
        });
  }

  /** Stops counting and removes the gauges. */
  void close() {
    closed = true;
    gauges.forEach(registry::remove);
    gauges.clear();
    depths.clear();
  }
}
