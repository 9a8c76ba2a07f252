package dev.eventbus.benchmarks.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts events that reached the consuming side and wakes the producer when the count it waits for
 * is reached. The baseline and the bus benchmarks use the same instance type, so that both pay the
 * same cost for being observed.
 *
 * <p>{@link #arrive()} is thread-safe and may be called from any number of consumer threads. {@link
 * #expect(int)} and {@link #await(long, Duration)} are called by one producer thread.
 */
public final class Arrivals {
  private static final long PARK_NANOS = 1_000_000;

  private final AtomicLong arrived = new AtomicLong();
  private volatile long target = Long.MAX_VALUE;
  private volatile Thread waiter;
  private long expected;

  /** Records one event seen by a consumer; wakes the producer if it was the awaited one. */
  public void arrive() {
    if (arrived.incrementAndGet() == target) {
      LockSupport.unpark(waiter);
    }
  }

  /**
   * Announces that {@code count} more events are about to be sent. Call before sending them.
   *
   * @param count events about to be sent
   * @return the total to pass to {@link #await(long, Duration)}
   */
  public long expect(int count) {
    waiter = Thread.currentThread();
    expected += count;
    target = expected;
    return expected;
  }

  /**
   * Waits until {@code total} events arrived.
   *
   * @param total the value {@link #expect(int)} returned
   * @param stall how long to wait without any progress before giving up
   * @throws IllegalStateException if no event arrived for {@code stall}
   */
  public void await(long total, Duration stall) {
    long last = arrived.get();
    long lastProgress = System.nanoTime();
    while (last < total) {
      LockSupport.parkNanos(this, PARK_NANOS);
      long now = arrived.get();
      if (now != last) {
        last = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
        throw new IllegalStateException(
            "No event arrived for " + stall + ": " + now + " of " + total + " arrived");
      }
    }
  }
}
