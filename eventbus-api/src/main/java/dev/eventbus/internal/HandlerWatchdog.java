package dev.eventbus.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread for every pool: while some pool has left a task to its running threads, it
 * looks every {@link #PERIOD_NANOS} and wakes a thread of a pool whose task is still queued after
 * {@link #GRACE_NANOS}. It parks without a deadline when no pool needs it.
 */
final class HandlerWatchdog {
  private static final Logger log = LoggerFactory.getLogger(HandlerWatchdog.class);

  static final long PERIOD_NANOS = 200_000;
  static final long GRACE_NANOS = 200_000;
  private static final ConcurrentLinkedQueue<HandlerThreads> POOLS = new ConcurrentLinkedQueue<>();
  private static final Thread THREAD = start();

  private HandlerWatchdog() {}

  private static Thread start() {
    Thread t = new Thread(HandlerWatchdog::run, "eventbus-handler-watchdog");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void watch(HandlerThreads pool) {
    POOLS.add(pool);
    LockSupport.unpark(THREAD);
  }

  private static void run() {
    List<HandlerThreads> done = new ArrayList<>();
    while (true) {
      if (POOLS.isEmpty()) {
        LockSupport.park(HandlerWatchdog.class);
        continue;
      }
      LockSupport.parkNanos(HandlerWatchdog.class, PERIOD_NANOS);
      long now = System.nanoTime();
      for (HandlerThreads pool : POOLS) {
        try {
          if (!pool.check(now, GRACE_NANOS)) {
            done.add(pool);
          }
        } catch (RuntimeException | Error e) {
          log.error("Handler watchdog failed on {}", pool.name(), e);
          done.add(pool);
        }
      }
      for (HandlerThreads pool : done) {
        POOLS.remove(pool);
        pool.unwatched();
      }
      done.clear();
    }
  }
}
