package dev.eventbus.kafka.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
 * offsets are committed by a later one, or the events are redelivered. A partition whose first
 * unsettled delivery is retried in place commits that delivery's offset with its count as metadata,
 * again whenever the count changes, and reads it back when it is assigned ({@link
 * PartitionProgress#nextCommit()}); the others commit no metadata, as before.
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

  /**
   * How long the poll thread may wait in a poll: {@code max}, or less when a commit falls due
   * sooner and there is something to commit.
   *
   * @param max the longest wait
   * @param settling whether settlements wait to be applied, which a commit will then carry
   */
  Duration pollWithin(Duration max, boolean settling) {
    if (settling || hasPending()) {
      long untilDue = nanosUntilDue();
      if (untilDue < max.toNanos()) {
        return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(untilDue + 999_999));
      }
    }
    return max;
  }

  /** Whether some partition has a settled prefix or a count that is not committed yet. */
  private boolean hasPending() {
    for (PartitionProgress p : partitions.values()) {
      if (p.hasCommit()) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long until {@link #maybeCommitAsync()} would commit: zero when it would now, {@code
   * Long.MAX_VALUE} while a commit is in flight (its callback runs inside the next poll).
   */
  private long nanosUntilDue() {
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

  /**
   * Reads the group's committed offsets of partitions just assigned, for the retries in place they
   * carry; once per assignment, from the rebalance callback. A failed read only means that those
   * counts start again.
   */
  void readCarried(Collection<TopicPartition> assigned) {
    if (assigned.isEmpty()) {
      return;
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        consumer
            .committed(new HashSet<>(assigned), COMMIT_TIMEOUT)
            .forEach(
                (tp, o) -> {
                  PartitionProgress p = partitions.get(tp);
                  if (p != null && o != null) {
                    p.carry(o);
                  }
                });
        return;
      } catch (WakeupException e) {
        // a settlement woke the consumer up; read again
      } catch (KafkaException e) {
        log.warn(
            "Reading the committed offsets of {} for group {} failed; counts of events retried"
                + " in place there start again: {}",
            assigned,
            group,
            e.toString());
        return;
      }
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> pending(Collection<TopicPartition> tps) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : tps) {
      PartitionProgress p = partitions.get(tp);
      OffsetAndMetadata next = p == null ? null : p.nextCommit();
      if (next != null) {
        offsets.put(tp, next);
      }
    }
    return offsets;
  }

  private void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (tp, o) -> {
          PartitionProgress p = partitions.get(tp);
          if (p != null) {
            p.committed(o);
          }
        });
  }
}
