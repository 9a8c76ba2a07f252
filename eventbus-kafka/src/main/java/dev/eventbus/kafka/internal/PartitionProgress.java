package dev.eventbus.kafka.internal;

import dev.eventbus.spi.Scheduler;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What one subscription knows about one assigned partition: records fetched but not yet handed out,
 * deliveries handed out in offset order and whether each is settled, and the offsets committed. The
 * offset to commit is the end of the contiguous settled prefix, so a crash never skips an unsettled
 * delivery, whatever order handlers finish in.
 *
 * <p>Confined to the subscription's poll thread. A new instance is made on every assignment, so
 * deliveries of an earlier assignment (their {@link Entry#owner()} is {@link #revoked()}) can be
 * told apart and ignored.
 */
final class PartitionProgress {
  final TopicPartition partition;
  final boolean retryTopic;
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
  private final ArrayDeque<Entry> unsettled = new ArrayDeque<>();
  private long settledNext = -1;
  private long committedNext = -1;
  private boolean revoked;
  private boolean paused;
  private long timerDue = -1;
  // Retry-topic partitions only: whether records may wait in it beyond what was fetched. False
  // until the end offsets read right after the assignment tell.
  private boolean retryRecordsAhead;
  private Scheduler.Cancellable timer;

  PartitionProgress(TopicPartition partition, boolean retryTopic) {
    this.partition = partition;
    this.retryTopic = retryTopic;
  }

  /** Adds fetched records, in offset order, to those waiting to be handed out. */
  void buffer(List<ConsumerRecord<byte[], byte[]>> records) {
    buffered.addAll(records);
  }

  /** The first record waiting to be handed out, or null. */
  ConsumerRecord<byte[], byte[]> peekBuffered() {
    return buffered.peekFirst();
  }

  /** Removes the first waiting record; call after {@link #peekBuffered()} returned it. */
  void removeBuffered() {
    buffered.pollFirst();
  }

  boolean hasBuffered() {
    return !buffered.isEmpty();
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
    cancelTimer();
  }

  /**
   * Whether a retry-topic partition may have records beyond those fetched: known from end offsets,
   * from this process's own retry writes, and from fetches (false once one caught up).
   */
  boolean retryRecordsAhead() {
    return retryRecordsAhead;
  }

  void retryRecordsAhead(boolean value) {
    retryRecordsAhead = value;
  }

  boolean paused() {
    return paused;
  }

  void paused(boolean value) {
    paused = value;
  }

  /** Whether a wake-up is already scheduled for this due time. */
  boolean timerArmedFor(long due) {
    return timer != null && timerDue == due;
  }

  void armTimer(long due, Scheduler.Cancellable newTimer) {
    cancelTimer();
    timerDue = due;
    timer = newTimer;
  }

  void cancelTimer() {
    if (timer != null) {
      timer.cancel();
      timer = null;
      timerDue = -1;
    }
  }

  /**
   * One delivery handed out: its offset and whether it is settled. Confined to the poll thread like
   * its owner; other threads only pass it back through the subscription's settlement stack, whose
   * link and depth it carries itself (no queue node per settlement). The stack's atomic push
   * publishes those two fields to the poll thread.
   */
  static final class Entry {
    private final PartitionProgress owner;
    private final long offset;
    private boolean settled;
    private boolean released;
    Entry nextSettled; // settlement stack: written by the settling thread before its push
    int settledDepth; // stack entries up to this one when pushed; 0 before, -1 once taken

    private Entry(PartitionProgress owner, long offset) {
      this.owner = owner;
      this.offset = offset;
    }

    PartitionProgress owner() {
      return owner;
    }

    long offset() {
      return offset;
    }

    /** Stops counting this delivery as in flight; returns false if that was done before. */
    boolean release() {
      if (released) {
        return false;
      }
      released = true;
      return true;
    }
  }
}
