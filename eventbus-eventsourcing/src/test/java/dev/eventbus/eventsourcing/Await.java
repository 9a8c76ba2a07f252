package dev.eventbus.eventsourcing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a timeout, checking it every millisecond: tests never sleep. */
final class Await {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private Await() {}

  static void until(BooleanSupplier condition, Supplier<String> whatWasExpected) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + TIMEOUT + ": " + whatWasExpected.get());
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
