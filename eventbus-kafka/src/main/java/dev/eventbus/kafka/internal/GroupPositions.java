package dev.eventbus.kafka.internal;

import dev.eventbus.RetryableEventBusException;
import dev.eventbus.spi.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a group new to a topic starts, when it subscribes rather than when Kafka first
 * assigns it partitions (which can be seconds later). Consumers always run with {@code
 * auto.offset.reset=earliest}; for a group that starts at {@link StartPosition#LATEST} or at a
 * time, this commits, for each partition the group has no offset for yet, the end offset or the
 * offset of the first event at or after that time. Events published after {@code subscribe} returns
 * are therefore never skipped, and a group's retry topic is always read from its start.
 * Thread-safe.
 */
final class GroupPositions {
  private static final Logger log = LoggerFactory.getLogger(GroupPositions.class);

  private static final Duration SETTLING = Duration.ofSeconds(10);

  private final Admin admin;

  GroupPositions(Admin admin) {
    this.admin = admin;
  }

  /**
   * Commits start offsets for the partitions of a topic that a group has none for. A topic created
   * just now may not have its partition leaders yet: what Kafka calls retriable (an unknown
   * partition, no leader) is tried again for up to {@link #SETTLING}.
   */
  void prepare(String topic, String group, StartPosition position, Instant startTime) {
    if (startTime == null && position == StartPosition.EARLIEST) {
      return;
    }
    String doing = "set the start position of group '" + group + "' on " + topic;
    long deadline = System.nanoTime() + SETTLING.toNanos();
    for (long backoff = 50; ; backoff = Math.min(1000, backoff * 2)) {
      try {
        prepareOnce(topic, group, startTime, doing);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw new RetryableEventBusException("Could not " + doing, e.getCause());
        }
        log.debug("Could not {} yet, trying again: {}", doing, e.getCause().toString());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoff));
      }
    }
  }

  private void prepareOnce(String topic, String group, Instant startTime, String doing)
      throws ExecutionException {
    Map<TopicPartition, OffsetSpec> missing = missingPartitions(topic, group, startTime, doing);
    if (missing.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
    Map<TopicPartition, OffsetSpec> beyond = new HashMap<>();
    Topics.await(admin.listOffsets(missing).all(), doing)
        .forEach(
            (tp, info) -> {
              if (info.offset() >= 0) {
                start.put(tp, new OffsetAndMetadata(info.offset()));
              } else {
                beyond.put(tp, OffsetSpec.latest()); // no event at or after the time yet
              }
            });
    if (!beyond.isEmpty()) {
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          Topics.await(admin.listOffsets(beyond).all(), doing);
      ends.forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
    }
    commit(group, start, doing);
  }

  private Map<TopicPartition, OffsetSpec> missingPartitions(
      String topic, String group, Instant startTime, String doing) throws ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        Topics.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), doing);
    OffsetSpec spec =
        startTime == null ? OffsetSpec.latest() : OffsetSpec.forTimestamp(startTime.toEpochMilli());
    Map<TopicPartition, OffsetSpec> missing = new HashMap<>();
    Topics.await(admin.describeTopics(List.of(topic)).allTopicNames(), doing)
        .get(topic)
        .partitions()
        .forEach(
            p -> {
              TopicPartition tp = new TopicPartition(topic, p.partition());
              if (committed.get(tp) == null) {
                missing.put(tp, spec);
              }
            });
    return missing;
  }

  /**
   * Fails when the group already has active members; then they have positions of their own, and
   * those that have none yet got the offsets committed by whoever created the group.
   */
  private void commit(String group, Map<TopicPartition, OffsetAndMetadata> start, String doing) {
    try {
      Topics.await(admin.alterConsumerGroupOffsets(group, start).all(), doing);
    } catch (ExecutionException e) {
      log.debug(
          "Group {} has members already; leaving its positions to them: {}",
          group,
          e.getCause().toString());
    }
  }
}
