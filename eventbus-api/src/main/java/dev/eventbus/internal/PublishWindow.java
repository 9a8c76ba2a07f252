package dev.eventbus.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on publishes awaiting the broker. Unlike a {@link java.util.concurrent.Semaphore}, a
 * release does not wake a blocked publisher each time: it wakes it once a quarter of the window has
 * drained. When the window is full, a semaphore's release would unpark the publisher for every
 * acknowledgement, on the broker client's I/O thread, for one event each time; profiles of the
 * Kafka adapter showed that half of that thread's work.
 *
 * <p>Thread-safe. Acquiring is cheap while there is room (one CAS); a publisher that waits is woken
 * when pending publishes fall to three quarters of the window.
 */
final class PublishWindow {
  // A waiter also looks again this often, so that room left by fewer releases than a quarter of
  // the window (the broker stalled with the window nearly full) is found all the same.
  private static final long NAP_NANOS = 1_000_000;

  private final int max;
  private final int resumeAt;
  private final AtomicInteger pending = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private volatile int waiters;

  /**
   * A window.
   *
   * @param max publishes awaiting the broker, at most
   */
  PublishWindow(int max) {
    this.max = max;
    this.resumeAt = max - Math.max(1, max / 4);
  }

  /**
   * Takes room for publishes, waiting for it up to a timeout.
   *
   * @param n the number of publishes
   * @param timeoutNanos how long to wait
   * @return false if there was no room in time
   * @throws InterruptedException if interrupted while waiting
   */
  boolean tryAcquire(int n, long timeoutNanos) throws InterruptedException {
    if (tryTake(n)) {
      return true;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lockInterruptibly();
    try {
      waiters++; // before looking at pending again: a release after that look signals us
      try {
        while (!tryTake(n)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          room.awaitNanos(Math.min(left, NAP_NANOS));
        }
        return true;
      } finally {
        waiters--;
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean tryTake(int n) {
    for (int p = pending.get(); p + n <= max; p = pending.get()) {
      if (pending.compareAndSet(p, p + n)) {
        return true;
      }
    }
    return false;
  }

  /** Gives back the room of one publish that the broker accepted or refused. */
  void release() {
    int p = pending.decrementAndGet();
    if (waiters > 0 && p <= resumeAt) {
      lock.lock();
      try {
        room.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Publishes awaiting the broker now.
   *
   * @return the count
   */
  int pending() {
    return pending.get();
  }
}
