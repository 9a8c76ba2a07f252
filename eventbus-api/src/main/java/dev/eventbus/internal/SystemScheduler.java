package dev.eventbus.internal;

import dev.eventbus.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The system clock and one daemon thread for delayed tasks, shared by every bus of the JVM that has
 * no scheduler of its own (so that a broker shared by several buses never holds a scheduler that
 * one of them shut down).
 */
public final class SystemScheduler implements Scheduler {
  private static final SystemScheduler SHARED = new SystemScheduler();

  private final Clock clock = Clock.systemUTC();
  private final ScheduledThreadPoolExecutor executor;

  /**
   * The JVM-wide instance.
   *
   * @return the shared scheduler
   */
  public static SystemScheduler shared() {
    return SHARED;
  }

  private SystemScheduler() {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "eventbus-scheduler");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f =
        executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }
}
