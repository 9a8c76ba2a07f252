package dev.eventbus.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The value of a gauge whose count costs a broker call (queue depth, dead-letter count): {@link
 * #value()} never calls the broker. It returns the last count and, when that is older than the
 * minimum interval and no count is running, starts one on the given executor. So reading the gauge
 * (a Prometheus scrape) never blocks on the broker, and the broker is asked at most once per
 * interval however often the gauge is read. NaN until the first count completes; a count that fails
 * (logged at DEBUG) or returns a negative number keeps, respectively sets NaN as, the value.
 *
 * <p>Thread-safe. Use it as the state object of a Micrometer gauge and keep a strong reference to
 * it (Micrometer holds gauge state weakly).
 */
public final class RefreshingCount {
  private static final Logger log = LoggerFactory.getLogger(RefreshingCount.class);

  private final String what;
  private final LongSupplier count;
  private final BooleanSupplier active;
  private final long minIntervalNanos;
  private final Executor executor;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile double value = Double.NaN;
  private volatile long lastStart;
  private volatile boolean started;

  /**
   * Creates it; nothing is counted until the first {@link #value()}.
   *
   * @param what a description for the DEBUG log of a failed count (no secrets)
   * @param count the broker call; may block and may throw a RuntimeException
   * @param active whether counting is possible now (the broker is started and not closed)
   * @param minInterval the least time between the starts of two counts
   * @param executor where counts run
   */
  public RefreshingCount(
      String what,
      LongSupplier count,
      BooleanSupplier active,
      Duration minInterval,
      Executor executor) {
    this.what = Objects.requireNonNull(what, "what");
    this.count = Objects.requireNonNull(count, "count");
    this.active = Objects.requireNonNull(active, "active");
    this.minIntervalNanos = minInterval.toNanos();
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * The last count, starting a new one in the background if it is stale.
   *
   * @return the count, or NaN if none completed yet
   */
  public double value() {
    long now = System.nanoTime();
    boolean stale = !started || now - lastStart >= minIntervalNanos;
    if (stale && active.getAsBoolean() && refreshing.compareAndSet(false, true)) {
      lastStart = now;
      started = true;
      try {
        executor.execute(this::refresh);
      } catch (RejectedExecutionException e) {
        refreshing.set(false);
      }
    }
    return value;
  }

  private void refresh() {
    try {
      long n = count.getAsLong();
      value = n < 0 ? Double.NaN : n;
    } catch (RuntimeException e) {
      log.debug("Counting {} failed: {}", what, e.toString());
    } finally {
      refreshing.set(false);
    }
  }
}
