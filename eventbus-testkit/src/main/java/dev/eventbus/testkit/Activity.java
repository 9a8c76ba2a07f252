package dev.eventbus.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the harness's bus is doing: handler calls running, publishes waiting for the broker, and
 * when anything last happened. Drives auto-advance of the virtual clock and the inactivity wait of
 * {@link RecordedList#none}. Thread-safe.
 */
final class Activity {
  private final AtomicInteger handlersRunning = new AtomicInteger();
  private final AtomicInteger sendsPending = new AtomicInteger();
  private final VirtualClock clock;
  private volatile long last = System.nanoTime();

  Activity(VirtualClock clock) {
    this.clock = clock;
  }

  void touch() {
    last = System.nanoTime();
    if (clock != null) {
      clock.touch();
    }
    Await.signal();
  }

  void handlerStarted() {
    handlersRunning.incrementAndGet();
    touch();
  }

  void handlerFinished() {
    handlersRunning.decrementAndGet();
    touch();
  }

  void sendStarted() {
    sendsPending.incrementAndGet();
    touch();
  }

  void sendFinished() {
    sendsPending.decrementAndGet();
    touch();
  }

  boolean busy() {
    return handlersRunning.get() > 0 || sendsPending.get() > 0;
  }

  boolean quietFor(Duration period) {
    return !busy() && System.nanoTime() - last >= period.toNanos();
  }
}
