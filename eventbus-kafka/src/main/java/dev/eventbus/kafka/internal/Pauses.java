package dev.eventbus.kafka.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which of a member's partitions its consumer fetches. A partition is paused while the subscription
 * is full or stops fetching and while its records wait to be handed out; a retry partition also
 * while it is not known to hold unfetched records, because the consumer sends one fetch at a time
 * per broker and a fetch of only empty partitions waits {@code fetch.max.wait.ms} at the broker,
 * holding back the others. Poll thread only.
 */
final class Pauses {
  private final Consumer<?, ?> consumer;
  private final List<TopicPartition> toPause = new ArrayList<>();
  private final List<TopicPartition> toResume = new ArrayList<>();

  Pauses(Consumer<?, ?> consumer) {
    this.consumer = consumer;
  }

  /**
   * Pauses and resumes what changed.
   *
   * @param partitions the member's partitions
   * @param all whether every partition is to be paused (full, or no longer fetching)
   * @param retryWritten the retry partitions this process wrote to since, as {@link RetryWrites}
   */
  void update(Collection<PartitionProgress> partitions, boolean all, long retryWritten) {
    toPause.clear();
    toResume.clear();
    for (PartitionProgress p : partitions) {
      if (p.retryTopic && RetryWrites.has(retryWritten, p.partition.partition())) {
        p.retryRecordsAhead = true;
      }
      boolean should = all || !p.buffered.isEmpty() || (p.retryTopic && !p.retryRecordsAhead);
      if (should != p.paused) {
        (should ? toPause : toResume).add(p.partition);
        p.paused = should;
      }
    }
    if (!toPause.isEmpty()) {
      consumer.pause(toPause);
    }
    if (!toResume.isEmpty()) {
      consumer.resume(toResume);
    }
  }
}
