package dev.eventbus.testkit.internal;

import dev.eventbus.testkit.Await;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gate that handlers wait at until the test opens it: how a test holds events in flight without
 * sleeping. A waiter never waits longer than the gate's bound; past it, it fails with an exception,
 * so that a forgotten gate cannot hang a test. Thread-safe.
 */
public final class Gate {
  private final CountDownLatch open = new CountDownLatch(1);
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger passed = new AtomicInteger();
  private final Duration bound;

  /**
   * Creates a closed gate.
   *
   * @param bound the longest a waiter waits
   */
  public Gate(Duration bound) {
    this.bound = bound;
  }

  /**
   * Waits until the gate is open.
   *
   * @throws IllegalStateException if the gate stayed closed for the whole bound
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void pass() throws InterruptedException {
    waiting.incrementAndGet();
    Await.signal();
    try {
      if (!open.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("gate stayed closed for " + bound.toMillis() + " ms");
      }
      passed.incrementAndGet();
    } finally {
      waiting.decrementAndGet();
      Await.signal();
    }
  }

  /** Opens the gate for every current and future waiter. Idempotent. */
  public void open() {
    open.countDown();
  }

  /**
   * Whether the gate was opened.
   *
   * @return true once open
   */
  public boolean isOpen() {
    return open.getCount() == 0;
  }

  /**
   * Threads waiting at the gate now.
   *
   * @return the count
   */
  public int waiting() {
    return waiting.get();
  }

  /**
   * Threads that passed the open gate so far.
   *
   * @return the count
   */
  public int passed() {
    return passed.get();
  }
}
