package dev.eventbus.kafka.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits, for the partitions a subscription owns, the end of each one's contiguous settled prefix:
 * asynchronously at most every commit interval while running (one commit in flight at a time),
 * synchronously when partitions are revoked and on close. A failed commit is only logged: the
 * offsets are committed by a later one, or the events are redelivered.
 *
 * <p>Confined to the subscription's poll thread, like the consumer; commit callbacks run there too.
 */
final class OffsetCommits {
  /** The longest a synchronous commit waits. */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);
  private static final long COMMIT_STUCK_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Consumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, PartitionProgress> partitions;
  private final long intervalNanos;
  private final String group;
  private long asyncStartedNanos = -1;
  private long lastAsyncNanos = System.nanoTime();

  OffsetCommits(
      Consumer<byte[], byte[]> consumer,
      Map<TopicPartition, PartitionProgress> partitions,
      Duration interval,
      String group) {
    this.consumer = consumer;
    this.partitions = partitions;
    this.intervalNanos = interval.toNanos();
    this.group = group;
  }

  /** Commits what moved since the last commit, if the interval passed and none is in flight. */
  void maybeCommitAsync() {
    long now = System.nanoTime();
    if (asyncInFlight(now) || now - lastAsyncNanos < intervalNanos) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = pending(partitions.keySet());
    lastAsyncNanos = now; // checked: the next check is an interval away, whether or not it commits
    if (offsets.isEmpty()) {
      return;
    }
    asyncStartedNanos = now;
    consumer.commitAsync(
        offsets,
        (committed, error) -> {
          asyncStartedNanos = -1;
          if (error == null) {
            markCommitted(committed);
          } else {
            log.debug("Committing {} failed; trying again later: {}", offsets, error.toString());
          }
        });
  }

  /** Whether some partition has a settled prefix that is not committed yet. */
  boolean hasPending() {
    for (PartitionProgress p : partitions.values()) {
      if (p.toCommit() >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long until {@link #maybeCommitAsync()} would commit: zero when it would now, {@code
   * Long.MAX_VALUE} while a commit is in flight (its callback runs inside the next poll).
   */
  long nanosUntilDue() {
    long now = System.nanoTime();
    return asyncInFlight(now) ? Long.MAX_VALUE : Math.max(0, lastAsyncNanos + intervalNanos - now);
  }

  // A commit whose callback did not come within a minute is taken as lost.
  private boolean asyncInFlight(long now) {
    return asyncStartedNanos >= 0 && now - asyncStartedNanos < COMMIT_STUCK_NANOS;
  }

  /** Commits what moved for some partitions and waits for it, up to {@link #COMMIT_TIMEOUT}. */
  void commitSync(Collection<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> offsets = pending(tps);
    for (int attempt = 0; attempt < 3 && !offsets.isEmpty(); attempt++) {
      try {
        consumer.commitSync(offsets, COMMIT_TIMEOUT);
        markCommitted(offsets);
        return;
      } catch (WakeupException e) {
        // a settlement woke the consumer up; the commit still has to happen
      } catch (KafkaException e) {
        log.warn(
            "Committing {} for group {} failed; those events will be redelivered",
            offsets,
            group,
            e);
        return;
      }
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> pending(Collection<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : tps) {
      PartitionProgress p = partitions.get(tp);
      long next = p == null ? -1 : p.toCommit();
      if (next >= 0) {
        offsets.put(tp, new OffsetAndMetadata(next));
      }
    }
    return offsets;
  }

  private void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, o) -> {
          PartitionProgress p = partitions.get(tp);
          if (p != null) {
            p.committed(o.offset());
          }
        });
  }
}
