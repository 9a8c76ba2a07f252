package dev.eventbus.kafka.internal;

import dev.eventbus.spi.Scheduler;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What one subscription knows about one assigned partition: records fetched and not yet handed out,
 * deliveries handed out in offset order and whether each is settled, and the offset committed. The
 * offset to commit is the end of the contiguous settled prefix, so a crash never skips an unsettled
 * delivery, whatever order handlers finish in. While the first unsettled delivery is retried in
 * place, the offset to commit is its own, with the retry's count as the commit's metadata ({@link
 * RetriedInPlace}), committed again whenever the count changes: the record at the committed offset
 * is the one a restart redelivers first, and the count read back at the next assignment goes with
 * it.
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
  // The metadata of the last commit (or the group's commit read at assignment), to tell whether a
  // retry in place of the first unsettled delivery is committed already.
  private String committedMetadata;
  // Read at assignment: the retry in place the group's commit carries, for the record at the
  // committed offset; given to the first record tracked if that is the one, dropped either way.
  private RetriedInPlace carried;
  private boolean revoked;
  private long timerDue = -1;
  private Scheduler.Cancellable timer;

  PartitionProgress(TopicPartition partition, boolean retryTopic) {
    this.partition = partition;
    this.retryTopic = retryTopic;
  }

  /**
   * Takes the group's committed offset of this partition, read when it was assigned: a retry in
   * place it carries goes on at the first record tracked, if that record is at its offset. Missing,
   * foreign or malformed metadata carries nothing.
   */
  void carry(OffsetAndMetadata committed) {
    committedMetadata = committed.metadata();
    RetriedInPlace r = RetriedInPlace.parse(committedMetadata);
    carried = r != null && r.offset == committed.offset() ? r : null;
  }

  /** Records that the delivery of an offset was handed out; offsets come in increasing order. */
  Entry track(long offset) {
    Entry e;
    if (carried == null) {
      e = new Entry(this, offset, null);
    } else {
      e = new Entry(this, offset, carried.offset == offset ? carried : null);
      carried = null;
    }
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

  /** The end of the settled prefix when it moved past the last commit, or -1. */
  long toCommit() {
    return settledNext > committedNext ? settledNext : -1;
  }

  /**
   * What to commit, or null when nothing changed since the last commit: the first unsettled
   * delivery's offset with its count while it is retried in place, else the end of the settled
   * prefix with no metadata.
   */
  OffsetAndMetadata nextCommit() {
    Entry head = unsettled.peekFirst();
    RetriedInPlace r = head == null ? null : head.retry();
    if (r != null) {
      return r.metadata.equals(committedMetadata)
          ? null
          : new OffsetAndMetadata(head.offset, r.metadata);
    }
    long next = toCommit();
    return next < 0 ? null : new OffsetAndMetadata(next);
  }

  /** Whether {@link #nextCommit()} has something to commit; allocates nothing. */
  boolean hasCommit() {
    Entry head = unsettled.peekFirst();
    RetriedInPlace r = head == null ? null : head.retry();
    return r != null ? !r.metadata.equals(committedMetadata) : toCommit() >= 0;
  }

  void committed(long next) {
    committedNext = Math.max(committedNext, next);
  }

  /** A commit from {@link #nextCommit()} succeeded. */
  void committed(OffsetAndMetadata commit) {
    committed(commit.offset());
    committedMetadata = commit.metadata();
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
    // The retry in place the group's commit carried for this record, or null.
    final RetriedInPlace carried;
    // The latest retry in place of this delivery, set on a handler thread; null before the first.
    volatile RetriedInPlace retried;
    private boolean settled;
    private boolean released;
    Entry nextSettled; // written by the settling thread before its push
    int settledDepth; // stack entries up to this one when pushed; 0 before, -1 once taken

    private Entry(PartitionProgress owner, long offset, RetriedInPlace carried) {
      this.owner = owner;
      this.offset = offset;
      this.carried = carried;
    }

    /** The count to commit for this delivery: its latest retry in place, or the one carried. */
    RetriedInPlace retry() {
      RetriedInPlace r = retried;
      return r != null ? r : carried;
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

  /**
   * The count of a record being retried in place, as committed in the metadata of its partition's
   * offset: {@code eventbus:v1;offset=<offset>;attempt=<next attempt>;first-failure=<epoch ms>}, at
   * most {@link #MAX_LENGTH} ASCII characters (the broker's {@code offset.metadata.max.bytes} is
   * 4096 by default). The offset is the record's own, so the count is never taken for another
   * record (an offset reset by a tool, say). Immutable.
   */
  static final class RetriedInPlace {
    /** The longest metadata text this writes or reads. */
    static final int MAX_LENGTH = 128;

    private static final String PREFIX = "eventbus:v1;";

    final long offset;
    final int attempt;
    final long firstFailureMillis;
    final String metadata;

    /**
     * A retry in place of the record at an offset.
     *
     * @param offset the record's offset, not negative
     * @param attempt the attempt made next, 2 or more
     * @param firstFailureMillis when its first attempt failed, epoch milliseconds, not negative
     */
    RetriedInPlace(long offset, int attempt, long firstFailureMillis) {
      this.offset = offset;
      this.attempt = attempt;
      this.firstFailureMillis = firstFailureMillis;
      this.metadata =
          PREFIX
              + "offset="
              + offset
              + ";attempt="
              + attempt
              + ";first-failure="
              + firstFailureMillis;
    }

    /**
     * Reads commit metadata this wrote; keys it does not know are skipped, so that a later writer
     * of v1 may add some.
     *
     * @param metadata a commit's metadata, possibly null, empty or another client's
     * @return the retry, or null for anything else than a complete, well-formed v1 text
     */
    static RetriedInPlace parse(String metadata) {
      if (metadata == null || metadata.length() > MAX_LENGTH || !metadata.startsWith(PREFIX)) {
        return null;
      }
      long offset = -1;
      long attempt = -1;
      long firstFailure = -1;
      for (String field : metadata.substring(PREFIX.length()).split(";", -1)) {
        int eq = field.indexOf('=');
        if (eq <= 0) {
          return null;
        }
        String value = field.substring(eq + 1);
        switch (field.substring(0, eq)) {
          case "offset" -> offset = number(value);
          case "attempt" -> attempt = number(value);
          case "first-failure" -> firstFailure = number(value);
          default -> {} // a key of a later v1 writer
        }
      }
      if (offset < 0 || attempt < 2 || attempt > Integer.MAX_VALUE || firstFailure < 0) {
        return null;
      }
      return new RetriedInPlace(offset, (int) attempt, firstFailure);
    }

    // A non-negative decimal, or -1.
    private static long number(String value) {
      if (value.isEmpty() || value.length() > 19) {
        return -1;
      }
      for (int i = 0; i < value.length(); i++) {
        if (value.charAt(i) < '0' || value.charAt(i) > '9') {
          return -1;
        }
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
