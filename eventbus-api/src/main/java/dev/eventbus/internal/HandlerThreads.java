package dev.eventbus.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler threads of one subscription and the bounded queue in front of them, built for one
 * hand-off per event. A {@link java.util.concurrent.ThreadPoolExecutor} over an {@code
 * ArrayBlockingQueue} takes a lock on both sides and signals a condition at every task; here the
 * queue is lock-free (a bounded array queue, no allocation per task), a thread that runs out of
 * work looks again briefly before it parks, and a hand-off unparks a thread only if one is parked.
 * A burst of deliveries from one fetch thus wakes each idle thread once. While the running threads'
 * tasks are short (under 20 µs on average, and the current one too) and little is queued, a
 * hand-off wakes nobody: a running thread takes the task within microseconds, sooner and cheaper
 * than a parked one could be woken. A shared watchdog thread wakes threads for tasks still queued
 * after 200 µs, so a handler that blocks just after it began does not hold the others back.
 *
 * <p>Threads start as work arrives, up to the concurrency, and end after being idle for the
 * keep-alive, so an idle subscription holds none. Thread-safe; {@link #execute} is called from any
 * thread, typically the adapter's fetching thread.
 */
final class HandlerThreads {
  private static final Logger log = LoggerFactory.getLogger(HandlerThreads.class);

  private static final int RUNNING = 0;
  private static final int PARKED = 1;
  private static final int WAKING = 2;
  private static final int EXITED = 3;

  // Polls of the queue before parking: long enough to catch the next event of a stream, short
  // enough not to take a core from the publisher on a small machine.
  private static final int SPINS = 128;

  // A running thread whose tasks take less than this on average is back for the next one sooner
  // than a parked thread could be woken, so a hand-off may leave the task to it.
  static final long SHORT_TASK_NANOS = 20_000;
  // Tasks queued per running thread beyond which a hand-off wakes another thread anyway.
  private static final int BACKLOG_PER_RUNNING = 16;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Worker.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final long keepAliveNanos;
  private final TaskQueue queue;
  private final AtomicReferenceArray<Worker> workers;
  private final AtomicInteger started = new AtomicInteger();
  // Threads parked or about to park, and threads alive: a hand-off reads these two rarely written
  // counters instead of every thread's state, and looks at the threads only when one may be idle.
  private final AtomicInteger parked = new AtomicInteger();
  private final AtomicInteger alive = new AtomicInteger();
  // Bursts open now (DeliveryListener.beginBurst): hand-offs wake nobody while one is.
  private final AtomicInteger bursts = new AtomicInteger();
  // One thread at most looks for work before parking, as Go's scheduler does: on a small machine
  // several spinning threads take the cores the publisher and the broker client need, and while
  // one spins a hand-off needs to wake nobody.
  private final AtomicBoolean spinning = new AtomicBoolean();
  // When a hand-off last left its task to a running thread instead of waking one (0: none since
  // the queue was last seen empty); the watchdog wakes a thread if the task is still queued soon
  // after, so that a handler that blocks right after starting cannot hold the others back.
  private volatile long deferredSince;
  private final AtomicBoolean watched = new AtomicBoolean();
  private volatile boolean stopped;

  /** Threads {@code name-1}, {@code name-2}, ... at most {@code concurrency}, idle ones ending. */
  HandlerThreads(String name, int concurrency, int capacity, java.time.Duration keepAlive) {
    this.name = name;
    this.keepAliveNanos = keepAlive.toNanos();
    this.queue = new TaskQueue(capacity);
    this.workers = new AtomicReferenceArray<>(concurrency);
  }

  /**
   * Queues a task for a handler thread.
   *
   * @param task the task
   * @return false if the queue is full or the threads are stopped: the task will not run
   */
  boolean execute(Runnable task) {
    if (stopped || !queue.offer(task)) {
      return false;
    }
    if (bursts.get() == 0) {
      wakeOne();
    }
    return true;
  }

  /** A burst of hand-offs begins: they queue their tasks and wake nobody until it ends. */
  void beginBurst() {
    bursts.incrementAndGet();
  }

  /** A burst ends: the last open one wakes a thread per queued task beyond the running ones. */
  void endBurst() {
    if (bursts.decrementAndGet() != 0 || stopped) {
      return;
    }
    long wanted = Math.min(queue.size(), workers.length()) - (alive.get() - parked.get());
    if (wanted <= 0 && !queue.isEmpty()) {
      wakeOne(); // every thread runs: the usual rule (the watchdog covers a blocked one)
    }
    for (long k = wanted; k > 0; k--) {
      wakeParked();
    }
  }

  /**
   * Unparks a parked thread, or starts one if there is room; running threads find work anyway.
   *
   * <p>While the running threads' tasks are short and little is queued, nobody is woken: waking a
   * parked thread costs two system calls and a context switch, more than such a task, and on a
   * small machine the woken thread takes the core the running one needs. A running thread takes the
   * task within microseconds. If it does not (its handler blocked just after it began), the {@link
   * Watchdog} wakes a thread within about a millisecond. Slow tasks or a backlog wake threads at
   * once, as before, so concurrency is there when handlers wait.
   */
  private void wakeOne() {
    int n = workers.length();
    int running = alive.get() - parked.get();
    if (running >= n) {
      return; // every thread runs and will look again
    }
    // A spinning thread counts as running: it may have been descheduled mid-spin, so the backlog
    // bound holds for it too, and the watchdog covers it as it covers a running thread's task.
    if (running > 0
        && queue.size() <= (long) BACKLOG_PER_RUNNING * running
        && (spinning.get() || runningTasksAreShort())) {
      if (deferredSince == 0) {
        deferredSince = System.nanoTime();
        if (watched.compareAndSet(false, true)) {
          HandlerWatchdog.watch(this);
        }
      }
      return;
    }
    wakeParked();
  }

  /** Wakes a parked thread or starts one, whatever the running threads do. */
  private void wakeParked() {
    int n = workers.length();
    int vacant = -1;
    for (int i = 0; i < n; i++) {
      Worker w = workers.get(i);
      if (w == null || w.state == EXITED) {
        vacant = vacant < 0 ? i : vacant;
      } else if (w.state == PARKED && STATE.compareAndSet(w, PARKED, WAKING)) {
        LockSupport.unpark(w.thread);
        return;
      }
    }
    if (vacant >= 0) {
      start(vacant);
    }
  }

  /** Whether every running thread's recent tasks, and the one it runs now, are short. */
  private boolean runningTasksAreShort() {
    boolean any = false;
    long now = 0;
    for (int i = 0; i < workers.length(); i++) {
      Worker w = workers.get(i);
      if (w != null && w.state == RUNNING) {
        if (w.averageTaskNanos >= SHORT_TASK_NANOS) {
          return false;
        }
        long started = w.taskStart;
        if (started != 0) {
          now = now == 0 ? System.nanoTime() : now;
          if (now - started >= SHORT_TASK_NANOS) {
            return false;
          }
        }
        any = true;
      }
    }
    return any;
  }

  /**
   * For the watchdog: wakes threads if tasks left to running threads are still queued after the
   * grace period.
   *
   * @return true while this pool still needs watching
   */
  boolean check(long now, long graceNanos) {
    long since = deferredSince;
    if (since == 0 || stopped) {
      return false;
    }
    if (queue.isEmpty()) {
      deferredSince = 0; // taken in time
      if (queue.isEmpty()) {
        return false;
      }
      deferredSince = since; // a hand-off came in between: it may rely on this deferral
      return true;
    }
    if (now - since >= graceNanos) {
      // Still queued: the running threads are held up. Wake one thread per queued task, and look
      // again a period later, in case the woken threads block as well.
      for (long k = Math.min(queue.size(), workers.length()); k > 0; k--) {
        wakeParked();
      }
      deferredSince = now;
    }
    return true;
  }

  /** The threads' name, for logs. */
  String name() {
    return name;
  }

  /** For the watchdog: this pool is off its list; the next deferral puts it back. */
  void unwatched() {
    watched.set(false);
    if (deferredSince != 0 && watched.compareAndSet(false, true)) {
      HandlerWatchdog.watch(this); // deferred again while being taken off
    }
  }

  private void start(int slot) {
    Worker old = workers.get(slot);
    if (old != null && old.state != EXITED) {
      return;
    }
    Worker w = new Worker(slot);
    if (!workers.compareAndSet(slot, old, w)) {
      return; // another hand-off started one there
    }
    alive.incrementAndGet();
    Thread t = new Thread(w, name + "-" + started.incrementAndGet());
    t.setDaemon(true);
    w.thread = t;
    t.start();
  }

  /** Stops taking tasks; queued tasks are dropped, running ones are interrupted. */
  void shutdownNow() {
    stopped = true;
    while (queue.poll() != null) {
      // dropped: their deliveries stay unsettled and the broker redelivers them
    }
    for (int i = 0; i < workers.length(); i++) {
      Worker w = workers.get(i);
      if (w != null && w.thread != null) {
        w.thread.interrupt();
        LockSupport.unpark(w.thread);
      }
    }
  }

  private final class Worker implements Runnable {
    final int slot;
    volatile Thread thread;
    volatile int state = RUNNING;
    // The task running now (System.nanoTime() when it began, 0 between tasks), and the average
    // length of this thread's recent tasks, not short until shown to be; written by this thread
    // only, read by hand-offs.
    volatile long taskStart;
    volatile long averageTaskNanos = SHORT_TASK_NANOS;

    Worker(int slot) {
      this.slot = slot;
    }

    /**
     * Runs tasks. The clock is read once per task, as it begins: when this thread goes straight
     * from one task to the next, the previous one ended as the next began. Only when the queue is
     * found empty is the clock read again, to end the last task of a burst.
     */
    @Override
    public void run() {
      long previousBegin = 0;
      while (!stopped) {
        Runnable task = queue.poll();
        if (task == null) {
          if (previousBegin != 0) {
            finished(System.nanoTime() - previousBegin);
            previousBegin = 0;
          }
          task = spin();
          if (task == null) {
            task = park();
            if (task == null) {
              continue;
            }
          }
        }
        if (task == EXIT) {
          return;
        }
        long begin = System.nanoTime();
        if (previousBegin != 0) {
          finished(begin - previousBegin);
        }
        taskStart = begin;
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.error("Handler thread {} caught an unexpected failure", thread.getName(), e);
        } finally {
          taskStart = 0;
        }
        previousBegin = begin;
      }
      state = EXITED;
      alive.decrementAndGet();
    }

    private void finished(long took) {
      averageTaskNanos += (took - averageTaskNanos) / 8;
      if (took >= SHORT_TASK_NANOS && !queue.isEmpty()) {
        wakeOne(); // tasks may have been left to this thread while it ran a long one
      }
    }

    private Runnable spin() {
      if (!spinning.compareAndSet(false, true)) {
        return null;
      }
      Runnable task = null;
      try {
        for (int i = 0; i < SPINS && task == null; i++) {
          Thread.onSpinWait();
          task = queue.poll();
        }
      } finally {
        spinning.set(false);
      }
      if (task != null && !queue.isEmpty()) {
        wakeOne(); // more work behind it: the hand-offs saw a spinner and woke no one
      }
      return task;
    }

    /**
     * Parks until a hand-off wakes it. Returns a task found on the way, null to look again, or
     * {@link #EXIT} when the thread ends (idle for the keep-alive).
     */
    private Runnable park() {
      state = PARKED; // announce first, then look: a hand-off after the look sees PARKED
      parked.incrementAndGet();
      try {
        return parkAnnounced();
      } finally {
        parked.decrementAndGet();
      }
    }

    private Runnable parkAnnounced() {
      Runnable task = queue.poll();
      if (task != null) {
        state = RUNNING; // a waker may have set WAKING meanwhile: its unpark is a spare permit
        return task;
      }
      long deadline = System.nanoTime() + keepAliveNanos;
      while (state == PARKED && !stopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          if (STATE.compareAndSet(this, PARKED, EXITED)) {
            alive.decrementAndGet();
            exited();
            return EXIT;
          }
          break; // woken just now
        }
        LockSupport.parkNanos(HandlerThreads.this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      }
      state = RUNNING;
      return null;
    }

    /** Ended idle; a task queued meanwhile by a hand-off that found no one to wake is served. */
    private void exited() {
      if (!queue.isEmpty() && !stopped) {
        start(slot);
      }
    }
  }

  private static final Runnable EXIT = () -> {};
}
