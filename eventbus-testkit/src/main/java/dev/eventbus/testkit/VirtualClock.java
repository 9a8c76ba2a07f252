package dev.eventbus.testkit;

import dev.eventbus.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A {@link Scheduler} whose time only moves when told to, so that retries with backoff, delays and
 * timeouts run in milliseconds of wall time. Pass it to the bus with {@link
 * dev.eventbus.EventBus.Builder#scheduler(Scheduler)}; the bus hands it to the broker too.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * EventBus bus = EventBus.builder().scheduler(clock).build();
 * ...
 * clock.advance(Duration.ofSeconds(30)); // runs every task due in the next 30 virtual seconds
 * }</pre>
 *
 * <p><b>Manual mode</b> (the default): {@link #now()} changes only in {@link #advance(Duration)}
 * and {@link #runNext()}, which run due tasks in time order (ties in scheduling order) on the
 * calling thread; a task scheduled while advancing runs in the same call if it falls due before its
 * end. A task with a zero delay is due at once but also waits for one of these calls.
 *
 * <p><b>Auto-advance mode</b> ({@link #startAutoAdvance}): a daemon thread runs due tasks as soon
 * as they are due, and when tasks are pending, nothing is busy and nothing happened for a quiet
 * period, it jumps time to the next task and runs it. "Retry five times with exponential backoff,
 * then dead-letter" then completes in a few quiet periods. Something "happens" when a task is
 * scheduled, cancelled or run, or when someone calls {@link #touch()}.
 *
 * <p>Thread-safe. Time never goes backwards. Tasks must be short, as the {@link Scheduler} contract
 * says; a task that throws fails the {@code advance} call that ran it (manual mode) or is handed to
 * the thread's uncaught-exception handler (auto-advance mode).
 */
public final class VirtualClock implements Scheduler, AutoCloseable {
  /** The quiet period of auto-advance by default. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(5);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private Instant now;
  private long sequence;
  private volatile long lastActivity = System.nanoTime();
  private Thread advancer;

  /** A clock starting at the current wall-clock time, truncated to whole seconds. */
  public VirtualClock() {
    this(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * A clock starting at a given instant.
   *
   * @param start the first value of {@link #now()}
   */
  public VirtualClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant now() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Queues a task to run when virtual time reaches now plus the delay.
   *
   * @param delay zero or more; a negative delay counts as zero
   * @param task the task
   * @return a handle that removes the task if it has not run
   */
  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Objects.requireNonNull(task, "task");
    Duration wait = delay.isNegative() ? Duration.ZERO : delay;
    Task queued;
    lock.lock();
    try {
      queued = new Task(now.plus(wait), sequence++, task);
      tasks.add(queued);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    touch();
    return () -> cancel(queued);
  }

  /**
   * Moves time forward, running every task that falls due up to the new time, in time order, on
   * this thread.
   *
   * @param duration how far, zero or more
   * @throws IllegalArgumentException if the duration is negative
   * @throws RuntimeException what a task threw; time then stays at that task's due time
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot move a clock backwards: " + duration);
    }
    Instant target = now().plus(duration);
    Task next;
    while ((next = takeDue(target)) != null) {
      next.action.run();
      touch();
    }
    lock.lock();
    try {
      if (target.isAfter(now)) {
        now = target;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Jumps to the next pending task's due time (if later than now) and runs it, on this thread.
   *
   * @return false if no task was pending
   */
  public boolean runNext() {
    Task next = takeDue(Instant.MAX);
    if (next == null) {
      return false;
    }
    next.action.run();
    touch();
    return true;
  }

  /**
   * Tasks scheduled and neither run nor cancelled.
   *
   * @return the count
   */
  public int pendingTasks() {
    lock.lock();
    try {
      return tasks.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Tells the clock that something happened, so that auto-advance waits another quiet period before
   * it jumps. The harness calls it on every publish, delivery and handler call.
   */
  public void touch() {
    lastActivity = System.nanoTime();
  }

  /**
   * Starts auto-advance with the default quiet period and nothing else to wait for.
   *
   * @return this clock
   */
  public VirtualClock startAutoAdvance() {
    return startAutoAdvance(DEFAULT_QUIET_PERIOD, () -> false);
  }

  /**
   * Starts auto-advance: runs due tasks at once, and jumps to the next task when {@code busy} is
   * false and nothing happened for {@code quietPeriod} of wall time. Idempotent while running.
   *
   * @param quietPeriod how long things must be quiet before a jump (wall time, more than zero)
   * @param busy true while work is under way that may still schedule earlier tasks (a handler
   *     running, a publish not yet accepted); called often, must be cheap
   * @return this clock
   */
  public VirtualClock startAutoAdvance(Duration quietPeriod, BooleanSupplier busy) {
    if (quietPeriod.isNegative() || quietPeriod.isZero()) {
      throw new IllegalArgumentException("quiet period must be positive: " + quietPeriod);
    }
    lock.lock();
    try {
      if (advancer == null) {
        advancer = new Thread(() -> autoAdvance(quietPeriod.toNanos(), busy), "virtual-clock");
        advancer.setDaemon(true);
        advancer.start();
      }
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Whether auto-advance is on.
   *
   * @return true between {@link #startAutoAdvance} and {@link #stopAutoAdvance()}
   */
  public boolean isAutoAdvancing() {
    lock.lock();
    try {
      return advancer != null;
    } finally {
      lock.unlock();
    }
  }

  /** Stops auto-advance and waits for its thread to finish the task it runs, if any. */
  public void stopAutoAdvance() {
    Thread stopping;
    lock.lock();
    try {
      stopping = advancer;
      advancer = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (stopping != null && stopping != Thread.currentThread()) {
      try {
        stopping.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Stops auto-advance. Pending tasks stay queued; the clock can still be advanced by hand. */
  @Override
  public void close() {
    stopAutoAdvance();
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "VirtualClock{now=" + now + ", pending=" + tasks.size() + "}";
    } finally {
      lock.unlock();
    }
  }

  private void autoAdvance(long quietNanos, BooleanSupplier busy) {
    Thread self = Thread.currentThread();
    while (true) {
      Task next;
      lock.lock();
      try {
        if (advancer != self) {
          return;
        }
        next = nextForAutoAdvance(quietNanos, busy);
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (next != null) {
        runReportingFailure(next);
      }
    }
  }

  /** Under the lock: the task to run now, or null after waiting a little for things to change. */
  private Task nextForAutoAdvance(long quietNanos, BooleanSupplier busy)
      throws InterruptedException {
    Task head = tasks.peek();
    if (head == null) {
      changed.awaitNanos(quietNanos * 20);
      return null;
    }
    if (!head.due.isAfter(now)) {
      return tasks.poll();
    }
    long quietFor = System.nanoTime() - lastActivity;
    if (quietFor < quietNanos || busy.getAsBoolean()) {
      changed.awaitNanos(Math.max(quietNanos - quietFor, quietNanos / 4));
      return null;
    }
    tasks.poll();
    now = head.due;
    return head;
  }

  private void runReportingFailure(Task task) {
    try {
      task.action.run();
    } catch (RuntimeException | Error e) {
      Thread t = Thread.currentThread();
      t.getUncaughtExceptionHandler().uncaughtException(t, e);
    } finally {
      touch();
    }
  }

  private Task takeDue(Instant limit) {
    lock.lock();
    try {
      Task head = tasks.peek();
      if (head == null || head.due.isAfter(limit)) {
        return null;
      }
      tasks.poll();
      if (head.due.isAfter(now)) {
        now = head.due;
      }
      return head;
    } finally {
      lock.unlock();
    }
  }

  private void cancel(Task task) {
    lock.lock();
    try {
      tasks.remove(task);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    touch();
  }

  private record Task(Instant due, long seq, Runnable action) implements Comparable<Task> {
    @Override
    public int compareTo(Task other) {
      int byTime = due.compareTo(other.due);
      return byTime != 0 ? byTime : Long.compare(seq, other.seq);
    }
  }
}
