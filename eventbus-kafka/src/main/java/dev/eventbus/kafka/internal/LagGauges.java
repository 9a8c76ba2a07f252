package dev.eventbus.kafka.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@value #NAME} gauges of a broker, one per (topic, group, partition) that a subscription of
 * this process owns: events in the partition not yet handled by the group (not yet fetched, plus
 * fetched and unsettled). A partition that moves to another member of the same process is handed
 * over; one that leaves the process is removed. Thread-safe.
 */
public final class LagGauges {
  /** The meter name, the same on every broker. */
  public static final String NAME = dev.eventbus.MeterNames.CONSUMER_LAG;

  private final MeterRegistry registry;
  private final Map<Key, Holder> gauges = new ConcurrentHashMap<>();

  /**
   * Creates the gauges' home.
   *
   * @param registry where gauges are registered
   */
  public LagGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Sets the lag of a partition, registering its gauge if needed; the caller becomes its owner.
   *
   * @param partition the Kafka topic and partition
   * @param group the group
   * @param owner the subscription reporting it
   * @param lag events not yet handled
   */
  public void set(TopicPartition partition, String group, Object owner, long lag) {
    Holder h =
        gauges.computeIfAbsent(
            new Key(partition.topic(), group, partition.partition()), this::register);
    h.owner = owner;
    h.value.set(lag);
  }

  /**
   * Removes a partition's gauge if the caller still owns it.
   *
   * @param partition the Kafka topic and partition
   * @param group the group
   * @param owner the subscription that owned it
   */
  public void release(TopicPartition partition, String group, Object owner) {
    Key key = new Key(partition.topic(), group, partition.partition());
    gauges.computeIfPresent(
        key,
        (k, h) -> {
          if (h.owner != owner) {
            return h;
          }
          registry.remove(h.gauge);
          return null;
        });
  }

  /** Removes every gauge. */
  public void clear() {
    gauges.values().forEach(h -> registry.remove(h.gauge));
    gauges.clear();
  }

  private Holder register(Key key) {
    Holder h = new Holder();
    h.gauge =
        Gauge.builder(NAME, h.value, AtomicLong::doubleValue)
            .description("Events of a partition not yet handled by the group")
            .tag("topic", key.topic)
            .tag("group", key.group)
            .tag("partition", Integer.toString(key.partition))
            .strongReference(true)
            .register(registry);
    return h;
  }

  private record Key(String topic, String group, int partition) {}

  private static final class Holder {
    final AtomicLong value = new AtomicLong();
    volatile Object owner;
    Gauge gauge;
  }
}
