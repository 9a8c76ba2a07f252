package dev.eventbus.kafka.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.spi.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a group new to a topic starts, when it subscribes rather than when Kafka first
 * assigns it partitions (which can be seconds later). Consumers always run with {@code
 * auto.offset.reset=earliest}; for a group that starts at {@link StartPosition#LATEST} or at a
 * time, this commits, for each partition the group has no offset for yet, the end offset or the
 * offset of the first event at or after that time. Events published after {@code subscribe} returns
 * are therefore never skipped, and a group's retry topic is always read from its start.
 */
public final class GroupPositions {
  private static final Logger log = LoggerFactory.getLogger(GroupPositions.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;

  /**
   * Creates the helper.
   *
   * @param admin the admin client
   */
  public GroupPositions(Admin admin) {
    this.admin = admin;
  }

  /**
   * Commits start offsets for the partitions of a topic that a group has none for.
   *
   * @param topic the Kafka topic
   * @param group the group
   * @param position where a new group starts
   * @param startTime if not null, start at the first event at or after this time instead
   */
  public void prepare(String topic, String group, StartPosition position, Instant startTime) {
    if (startTime == null && position == StartPosition.EARLIEST) {
      return;
    }
    try {
      Map<TopicPartition, OffsetSpec> missing = missingPartitions(topic, group, startTime);
      if (missing.isEmpty()) {
        return;
      }
      Map<TopicPartition, ListOffsetsResultInfo> found =
          admin.listOffsets(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
      Map<TopicPartition, OffsetSpec> beyond = new HashMap<>();
      found.forEach(
          (tp, info) -> {
            if (info.offset() >= 0) {
              start.put(tp, new OffsetAndMetadata(info.offset()));
            } else {
              beyond.put(tp, OffsetSpec.latest()); // no event at or after the time yet
            }
          });
      if (!beyond.isEmpty()) {
        admin
            .listOffsets(beyond)
            .all()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
      }
      commit(group, start);
    } catch (ExecutionException e) {
      throw new RetryableEventBusException(
          "Could not set the start position of group '" + group + "' on " + topic, e.getCause());
    } catch (TimeoutException e) {
      throw new RetryableEventBusException(
          "Kafka did not answer within " + TIMEOUT + " for group '" + group + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException("Interrupted while preparing group '" + group + "'", e);
    }
  }

  private Map<TopicPartition, OffsetSpec> missingPartitions(
      String topic, String group, Instant startTime)
      throws ExecutionException, InterruptedException, TimeoutException {
    TopicDescription description =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic);
    Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
    OffsetSpec spec =
        startTime == null ? OffsetSpec.latest() : OffsetSpec.forTimestamp(startTime.toEpochMilli());
    Map<TopicPartition, OffsetSpec> missing = new HashMap<>();
    description
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

  private Map<TopicPartition, OffsetAndMetadata> committed(String group)
      throws ExecutionException, InterruptedException, TimeoutException {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Fails when the group already has active members; then they have positions of their own, and
   * those that have none yet got the offsets committed by whoever created the group.
   */
  private void commit(String group, Map<TopicPartition, OffsetAndMetadata> start)
      throws InterruptedException, TimeoutException {
    try {
      admin
          .alterConsumerGroupOffsets(group, start)
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      log.debug(
          "Group {} has members already; leaving its positions to them: {}",
          group,
          e.getCause().toString());
    }
  }
}
