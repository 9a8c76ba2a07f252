package dev.eventbus.benchmarks.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts broker confirmations of sent messages and keeps the first failure. Thread-safe: clients
 * call {@link #ack()} and {@link #fail(Throwable)} from their I/O threads.
 */
public final class Acks {
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private volatile long lastNanos;

  /** One message was confirmed. */
  public void ack() {
    lastNanos = System.nanoTime();
    acked.incrementAndGet();
  }

  /**
   * One message failed.
   *
   * @param error why
   */
  public void fail(Throwable error) {
    lastNanos = System.nanoTime();
    firstFailure.compareAndSet(null, error);
    failed.incrementAndGet();
  }

  /**
   * One message was confirmed, or failed: the shape of a completion callback ({@code
   * whenComplete(acks::outcome)}, a Kafka producer callback).
   *
   * @param result what the client confirmed with, ignored
   * @param error why it failed, or null when it was confirmed
   */
  public void outcome(Object result, Throwable error) {
    if (error == null) {
      ack();
    } else {
      fail(error);
    }
  }

  /**
   * Messages confirmed or failed so far.
   *
   * @return the count
   */
  public long settled() {
    return acked.get() + failed.get();
  }

  /**
   * Messages that failed.
   *
   * @return the count
   */
  public long failed() {
    return failed.get();
  }

  /**
   * The first failure, if any.
   *
   * @return the error or null
   */
  public Throwable firstFailure() {
    return firstFailure.get();
  }

  /**
   * When the last confirmation or failure arrived.
   *
   * @return a {@link System#nanoTime()} value
   */
  public long lastNanos() {
    return lastNanos;
  }
}
