package dev.eventbus.kafka.internal;

import dev.eventbus.MeterNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer lag gauges of a broker, one per (topic, group, partition) that a subscription of
 * this process owns: events in the partition not yet handled by the group (not yet fetched, plus
 * fetched and unsettled). A partition that moves to another member of the same process is handed
 * over; one that leaves the process is removed. Thread-safe; subscriptions measure on their poll
 * threads.
 */
final class LagGauges {
  private static final Logger log = LoggerFactory.getLogger(LagGauges.class);
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private final MeterRegistry registry;
  private final Map<Key, Holder> gauges = new ConcurrentHashMap<>();

  LagGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Measures a subscription's partitions against end offsets asked for now (the high watermark a
   * paused partition's last fetch saw is stale exactly when lag matters), becoming their gauges'
   * owner, and tells each retry partition whether records wait beyond those fetched.
   *
   * @return whether Kafka answered: false when it did not within the timeout
   */
  boolean measure(
      Consumer<?, ?> consumer,
      Map<TopicPartition, PartitionProgress> partitions,
      String group,
      Object owner) {
    try {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions.keySet(), TIMEOUT);
      for (PartitionProgress p : partitions.values()) {
        Long last = end.get(p.partition);
        if (last != null) {
          long unfetched = Math.max(0, last - consumer.position(p.partition, TIMEOUT));
          if (p.retryTopic) {
            p.retryRecordsAhead = unfetched > 0;
          }
          Holder h = gauges.computeIfAbsent(new Key(p.partition, group), this::register);
          h.owner = owner;
          h.value.set(unfetched + p.pending());
        }
      }
      return true;
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      log.debug("Measuring the lag of group {} failed: {}", group, e.toString());
      return false;
    }
  }

  /** Removes a partition's gauge if the caller still owns it. */
  void release(TopicPartition partition, String group, Object owner) {
    gauges.computeIfPresent(
        new Key(partition, group),
        (k, h) -> {
          if (h.owner != owner) {
            return h;
          }
          registry.remove(h.gauge);
          return null;
        });
  }

  void clear() {
    gauges.values().forEach(h -> registry.remove(h.gauge));
    gauges.clear();
  }

  private Holder register(Key key) {
    Holder h = new Holder();
    h.gauge =
        Gauge.builder(MeterNames.CONSUMER_LAG, h.value, AtomicLong::doubleValue)
            .description("Events of a partition not yet handled by the group")
            .tag("topic", key.partition.topic())
            .tag("group", key.group)
            .tag("partition", Integer.toString(key.partition.partition()))
            .strongReference(true)
            .register(registry);
    return h;
  }

  private record Key(TopicPartition partition, String group) {}

  private static final class Holder {
    final AtomicLong value = new AtomicLong();
    volatile Object owner;
    Gauge gauge;
  }
}
