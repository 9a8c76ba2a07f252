package dev.eventbus.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a timeout, never for a fixed time. Code that changes what conditions
 * look at (handlers recording a delivery) calls {@link #signal()} so that waiters re-check at once;
 * conditions that look at a broker are re-checked at a growing interval of at most 50 ms.
 *
 * <p>For tests of brokers and adapters as much as for the harness: {@code Await.until("the lag
 * gauge reads 5", timeout, () -> gauge.value() == 5)}.
 *
 * <p>Thread-safe.
 */
public final class Await {
  private static final Object SIGNAL = new Object();
  private static final long MAX_POLL_NANOS = Duration.ofMillis(50).toNanos();

  private Await() {}

  /** Wakes every waiter so that it re-checks its condition. Cheap; call it after every change. */
  public static void signal() {
    synchronized (SIGNAL) {
      SIGNAL.notifyAll();
    }
  }

  /**
   * Waits until a condition holds, or fails.
   *
   * @param what the condition in words, for the failure message: "every event was handled"
   * @param timeout how long to wait at most
   * @param condition the condition; must be cheap and thread-safe
   * @throws AssertionError if it does not hold within the timeout
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition, () -> "");
  }

  /**
   * Waits until a condition holds, or fails with a description of the state.
   *
   * @param what the condition in words
   * @param timeout how long to wait at most
   * @param condition the condition
   * @param state describes the current state for the failure message
   * @throws AssertionError if it does not hold within the timeout
   */
  public static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
    if (!holdsWithin(timeout, condition)) {
      String detail = String.valueOf(state.get());
      throw new AssertionError(
          "Timed out after "
              + timeout.toMillis()
              + " ms waiting until "
              + what
              + (detail.isEmpty() ? "" : "; " + detail));
    }
  }

  /**
   * Waits until a condition holds or the timeout passes.
   *
   * @param timeout how long to wait at most
   * @param condition the condition
   * @return whether it held
   */
  public static boolean holdsWithin(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long poll = Duration.ofMillis(1).toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return condition.getAsBoolean();
      }
      long wait = Math.min(left, poll);
      synchronized (SIGNAL) {
        try {
          SIGNAL.wait(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("Interrupted while waiting", e);
        }
      }
      poll = Math.min(MAX_POLL_NANOS, poll * 2);
    }
    return true;
  }
}
