package dev.eventbus.eventsourcing.internal;

import dev.eventbus.eventsourcing.EventStore;
import dev.eventbus.eventsourcing.ProcessingState;
import dev.eventbus.eventsourcing.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the global log on a thread of its own: reads a bounded page after the last processed
 * position, hands it to {@link #process(List)}, and waits for appends when caught up. Transient
 * failures back off and resume from the last position recorded with {@link #advance(long)}; other
 * failures stop it in state FAILED.
 */
public abstract class LogWorker {
  private static final Logger log = LoggerFactory.getLogger(LogWorker.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final String name;
  private final EventStore store;
  private final int pageSize;
  private final Duration pollInterval;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Object progress = new Object();
  private volatile ProcessingState state = ProcessingState.NEW;
  private volatile long position;
  private volatile Throwable failure;
  private volatile boolean stopping;
  private Thread thread;

  /**
   * Creates a worker; nothing runs before {@link #start(long)}.
   *
   * @param name the thread name, also used in log lines
   * @param store the store to follow
   * @param pageSize events read at once
   * @param pollInterval how long to wait for appends before reading again
   * @param initialBackoff the first wait after a transient failure, doubled up to {@code
   *     maxBackoff}
   * @param maxBackoff the longest wait after a transient failure
   */
  protected LogWorker(
      String name,
      EventStore store,
      int pageSize,
      Duration pollInterval,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.name = name;
    this.store = store;
    this.pageSize = pageSize;
    this.pollInterval = pollInterval;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /**
   * Starts following the log.
   *
   * @param fromPosition the first position to process
   */
  public final synchronized void start(long fromPosition) {
    if (state != ProcessingState.NEW) {
      throw new IllegalStateException(name + " was already started");
    }
    position = Math.max(0, fromPosition - 1);
    state = ProcessingState.RUNNING;
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the thread and waits for the page in progress to finish. Idempotent. */
  public final void stop() {
    Thread t;
    synchronized (this) {
      stopping = true;
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(STOP_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (state != ProcessingState.FAILED) {
      state = ProcessingState.STOPPED;
    }
    signal();
  }

  private void run() {
    int failures = 0;
    while (!stopping) {
      try {
        List<RecordedEvent> page = store.readAll(position + 1, pageSize);
        if (page.isEmpty()) {
          store.awaitAppend(position, pollInterval);
          continue;
        }
        process(page);
        failures = 0;
        state = ProcessingState.RUNNING;
      } catch (InterruptedException e) {
        break;
      } catch (Throwable e) { // an Error too: report it as FAILED rather than die silently
        if (stopping) {
          break;
        }
        if (!isTransient(e)) {
          fail(e);
          return;
        }
        failures++;
        failure = e;
        state = ProcessingState.RETRYING;
        Duration wait = backoff(failures);
        log.warn("{} failed at position {}; retrying in {}", name, position + 1, wait, e);
        if (!pause(wait)) {
          break;
        }
      }
    }
    state = ProcessingState.STOPPED;
    signal();
  }

  private void fail(Throwable e) {
    failure = e;
    state = ProcessingState.FAILED;
    log.error("{} stopped: {}", name, e.getMessage(), e);
    signal();
  }

  private boolean pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private Duration backoff(int failures) {
    long base = initialBackoff.toMillis() << Math.min(failures - 1, 20);
    long capped = Math.min(Math.max(base, 1), maxBackoff.toMillis());
    long jitter = ThreadLocalRandom.current().nextLong(capped / 5 + 1);
    return Duration.ofMillis(capped - jitter);
  }

  /**
   * Processes one page, calling {@link #advance(long)} as positions become durably processed.
   *
   * @param page one or more events, in position order, starting right after {@link #position()}
   * @throws Exception on failure: transient ones are retried from {@link #position()}
   */
  protected abstract void process(List<RecordedEvent> page) throws Exception;

  /**
   * Whether a failure is worth retrying.
   *
   * @param e the failure
   * @return true to back off and retry, false to stop in state FAILED
   */
  protected boolean isTransient(Throwable e) {
    return Failures.isTransient(e);
  }

  /**
   * Records that every event up to a position is processed.
   *
   * @param processed the position
   */
  protected final void advance(long processed) {
    position = processed;
    signal();
  }

  private void signal() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /**
   * The store followed.
   *
   * @return the store
   */
  protected final EventStore store() {
    return store;
  }

  /**
   * The state.
   *
   * @return the state
   */
  public final ProcessingState state() {
    return state;
  }

  /**
   * The last processed position.
   *
   * @return the position
   */
  public final long position() {
    return position;
  }

  /**
   * The last failure, transient or final.
   *
   * @return the failure, empty if none happened
   */
  public final Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Waits until a position is processed.
   *
   * @param target the position
   * @param timeout how long to wait at most
   * @return true if processed; false on timeout or if the worker failed or stopped first
   * @throws InterruptedException if interrupted
   */
  public final boolean awaitPosition(long target, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (position < target) {
        ProcessingState s = state;
        if (s == ProcessingState.FAILED || s == ProcessingState.STOPPED) {
          return false;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        progress.wait(Math.max(1, remaining / 1_000_000));
      }
      return true;
    }
  }
}
