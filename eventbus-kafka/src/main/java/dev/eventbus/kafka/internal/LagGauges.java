package dev.eventbus.kafka.internal;

import dev.eventbus.MeterNames;
import dev.eventbus.spi.OwnedGauges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
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

  private final OwnedGauges gauges;

  LagGauges(MeterRegistry registry) {
    this.gauges =
        new OwnedGauges(
            registry,
            MeterNames.CONSUMER_LAG,
            "Events of a partition not yet handled by the group");
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
          gauges.set(owner, unfetched + p.pending(), tags(p.partition, group));
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
    gauges.release(owner, tags(partition, group));
  }

  void clear() {
    gauges.clear();
  }

  private static String[] tags(TopicPartition partition, String group) {
    return new String[] {
      "topic",
      partition.topic(),
      "group",
      group,
      "partition",
      Integer.toString(partition.partition())
    };
  }
}
