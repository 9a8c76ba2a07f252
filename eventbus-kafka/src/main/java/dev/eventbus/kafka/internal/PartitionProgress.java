package dev.eventbus.kafka.internal;

import dev.eventbus.spi.Scheduler;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one subscription knows about one assigned partition: records fetched and not yet handed out,
 * deliveries handed out in offset order and whether each is settled, and the offset committed. The
 * offset to commit is the end of the contiguous settled prefix, so a crash never skips an unsettled
 * delivery, whatever order handlers finish in.
 *
 * <p>Confined to the subscription's poll thread. A new instance is made on every assignment, so
 * deliveries of an earlier assignment (their owner is {@link #revoked()}) are told apart and
 * ignored.
 */
final class PartitionProgress {
  final TopicPartition partition;
  final boolean retryTopic;
  boolean paused;
  // Fetched, not yet handed out.
  final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
  // Retry-topic partitions only: whether records may wait beyond those fetched. False until the
  // end offsets read right after the assignment tell; set by this process's retry writes too.
  boolean retryRecordsAhead;
  private final ArrayDeque<Entry> unsettled = new ArrayDeque<>();
  private long settledNext = -1;
  private long committedNext = -1;
  private boolean revoked;
  private long timerDue = -1;
  private Scheduler.Cancellable timer;

  PartitionProgress(TopicPartition partition, boolean retryTopic) {
    this.partition = partition;
    this.retryTopic = retryTopic;
  }

  /** Records that the delivery of an offset was handed out; offsets come in increasing order. */
  Entry track(long offset) {
    Entry e = new Entry(this, offset);
    unsettled.addLast(e);
    return e;
  }

  /** Marks a delivery settled and moves the settled prefix forward as far as it can go. */
  void settle(Entry e) {
    e.settled = true;
    while (!unsettled.isEmpty() && unsettled.peekFirst().settled) {
      settledNext = unsettled.pollFirst().offset + 1;
    }
  }

  /** The offset to commit, or -1 when there is nothing new to commit. */
  long toCommit() {
    return settledNext > committedNext ? settledNext : -1;
  }

  void committed(long next) {
    committedNext = Math.max(committedNext, next);
  }

  /** Events of this partition fetched or handed out and not yet settled. */
  int pending() {
    return buffered.size() + unsettled.size();
  }

  boolean revoked() {
    return revoked;
  }

  /** Forgets the partition: settlements of its deliveries no longer count. */
  void revoke() {
    revoked = true;
    buffered.clear();
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /** Schedules a wake-up for a due time, unless one is scheduled for that time already. */
  void wakeAt(long due, Supplier<Scheduler.Cancellable> schedule) {
    if (timer == null || timerDue != due) {
      if (timer != null) {
        timer.cancel();
      }
      timerDue = due;
      timer = schedule.get();
    }
  }

  /**
   * One delivery handed out: its offset and whether it is settled. Confined to the poll thread like
   * its owner; other threads only pass it back through the subscription's settlement stack, whose
   * link and depth it carries (no queue node per settlement); the stack's atomic push publishes
   * those two fields to the poll thread.
   */
  static final class Entry {
    final PartitionProgress owner;
    final long offset;
    private boolean settled;
    private boolean released;
    Entry nextSettled; // written by the settling thread before its push
    int settledDepth; // stack entries up to this one when pushed; 0 before, -1 once taken

    private Entry(PartitionProgress owner, long offset) {
      this.owner = owner;
      this.offset = offset;
    }

    /** Stops counting this delivery as in flight; false if that was done before. */
    boolean release() {
      if (released) {
        return false;
      }
      released = true;
      return true;
    }
  }
}
