package dev.eventbus.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * The bus's source of time and of delayed tasks. The default uses the system clock and one daemon
 * thread; the testkit's virtual clock implements it so that retries with backoff run in
 * milliseconds.
 *
 * <p>Thread-safe. Tasks must be short: they hand work to other threads, never do it themselves.
 */
public interface Scheduler {
  /**
   * The current time.
   *
   * @return now
   */
  Instant now();

  /**
   * Runs a task once after a delay.
   *
   * @param delay zero or more
   * @param task the task
   * @return a handle to cancel it
   */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * {@return the system clock's scheduler that buses use by default} One daemon thread, shared by
   * every caller in the process; never closed. For adapters' own tests, which build a {@link
   * BrokerContext} without a bus.
   */
  static Scheduler system() {
    return dev.eventbus.internal.SystemScheduler.shared();
  }

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels the task if it has not run yet. Idempotent. */
    void cancel();
  }
}
