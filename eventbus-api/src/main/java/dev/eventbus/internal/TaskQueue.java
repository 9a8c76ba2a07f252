package dev.eventbus.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded multi-producer, multi-consumer array queue in the manner of D. Vyukov's: one sequence
 * number per cell says whether it is free for the producer of a position or full for its consumer.
 * No allocation per task. The sequence store that publishes a task is volatile, so a producer's
 * later look at a thread's state is not reordered before it.
 *
 * <p>A producer that reaches a cell whose last task was taken but not yet freed (its consumer was
 * descheduled between the two steps) is not looking at a full queue when the positions say
 * otherwise: it waits for the cell. Refusing there made a subscription hand deliveries back that it
 * had room for, on a busy two-core machine.
 */
final class TaskQueue {
  private final int mask;
  private final AtomicReferenceArray<Runnable> cells;
  private final AtomicLongArray sequences;
  private final PaddedCounter head = new PaddedCounter(); // next position to take
  private final PaddedCounter tail = new PaddedCounter(); // next position to fill

  TaskQueue(int capacity) {
    int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    this.mask = size - 1;
    this.cells = new AtomicReferenceArray<>(size);
    this.sequences = new AtomicLongArray(size);
    for (int i = 0; i < size; i++) {
      sequences.set(i, i);
    }
  }

  /**
   * Adds a task unless {@code size} tasks are queued.
   *
   * @return false if full
   */
  boolean offer(Runnable task) {
    long pos = tail.get();
    int stalls = 0;
    while (true) {
      int i = (int) (pos & mask);
      long diff = sequences.get(i) - pos;
      if (diff == 0) {
        if (tail.compareAndSet(pos, pos + 1)) {
          cells.lazySet(i, task);
          sequences.set(i, pos + 1);
          return true;
        }
        pos = tail.get();
      } else if (diff < 0) {
        if (pos - head.get() > mask) {
          return false; // full
        }
        // Not full: the consumer that took this cell's last task has not freed the cell yet
        // (it was descheduled between taking and freeing). Wait for it; it frees it next.
        waitForFreeing(++stalls);
        pos = tail.get();
      } else {
        pos = tail.get();
      }
    }
  }

  private static void waitForFreeing(int stalls) {
    if (stalls < 64) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  Runnable poll() {
    long pos = claim();
    return pos < 0 ? null : take(pos);
  }

  /**
   * Claims the next full position for this consumer; {@link #take} then empties and frees it.
   *
   * @return the position, or -1 if the queue is empty (or a producer is still writing the cell)
   */
  long claim() {
    long pos = head.get();
    while (true) {
      int i = (int) (pos & mask);
      long diff = sequences.get(i) - (pos + 1);
      if (diff == 0) {
        if (head.compareAndSet(pos, pos + 1)) {
          return pos;
        }
        pos = head.get();
      } else if (diff < 0) {
        return -1;
      } else {
        pos = head.get();
      }
    }
  }

  /** Empties and frees a position that {@link #claim} returned. */
  Runnable take(long pos) {
    int i = (int) (pos & mask);
    Runnable task = cells.get(i);
    cells.lazySet(i, null);
    sequences.lazySet(i, pos + mask + 1);
    return task;
  }

  boolean isEmpty() {
    return head.get() >= tail.get();
  }

  /** Tasks queued now, about (positions move while it is read). */
  long size() {
    return Math.max(0, tail.get() - head.get());
  }

  /** A counter on a cache line of its own: producers and consumers do not share one. */
  @SuppressWarnings("unused")
  static final class PaddedCounter extends java.util.concurrent.atomic.AtomicLong {
    private static final long serialVersionUID = 1L;
    long p1, p2, p3, p4, p5, p6, p7;
  }
}
