package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerThreadsTest {

  /**
   * After a run of short tasks a hand-off may leave its task to a running thread; if that thread's
   * task then blocks, the others still start: handlers that wait for each other do not deadlock,
   * and the group's concurrency is there within about a millisecond.
   */
  @Test
  void tasksLeftToABusyThreadAfterShortOnesStillRunConcurrently() throws Exception {
    int concurrency = 4;
    HandlerThreads threads = new HandlerThreads("short", concurrency, 257, Duration.ofSeconds(30));
    AtomicLong shortOnes = new AtomicLong();
    for (int i = 0; i < 20_000; i++) {
      threads.execute(shortOnes::incrementAndGet);
      long until = System.nanoTime() + 2_000; // a steady stream one thread keeps up with
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
    }
    // Straight after the stream, while a thread is still running short tasks: blocking ones.
    CountDownLatch allIn = new CountDownLatch(concurrency);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    for (int i = 0; i < concurrency; i++) {
      Runnable blocking =
          () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            allIn.countDown();
            try {
              release.await(10, TimeUnit.SECONDS); // each waits until all are in
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              inside.decrementAndGet();
            }
          };
      // The stream may have filled the queue on a busy machine: the bound is the caller's to keep.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!threads.execute(blocking)) {
        assertThat(System.nanoTime()).as("the queue takes a task again").isLessThan(until);
        Thread.onSpinWait();
      }
    }
    boolean met = allIn.await(10, TimeUnit.SECONDS);
    release.countDown();
    assertThat(met).as("every blocking task started while the others waited").isTrue();
    assertThat(most.get()).isEqualTo(concurrency);
    threads.shutdownNow();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void everyTaskRunsOnceThoughThreadsParkAndWakeBetweenBursts(int concurrency) throws Exception {
    HandlerThreads threads = new HandlerThreads("test", concurrency, 257, Duration.ofSeconds(30));
    AtomicLong ran = new AtomicLong();
    Runnable task = ran::incrementAndGet;
    long sent = 0;
    for (int burst = 0; burst < 2_000; burst++) {
      int size = 1 + burst % 200;
      for (int i = 0; i < size; i++) {
        while (!threads.execute(task)) {
          Thread.onSpinWait(); // full: the bound is the caller's to keep
        }
        sent++;
      }
      if (burst % 7 == 0) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // let the threads park
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ran.get() < sent && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(ran.get()).isEqualTo(sent);
    threads.shutdownNow();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void severalProducersLoseNothing(int concurrency) throws Exception {
    HandlerThreads threads = new HandlerThreads("multi", concurrency, 65, Duration.ofSeconds(30));
    AtomicLong ran = new AtomicLong();
    int producers = 3;
    int each = 200_000;
    Thread[] started = new Thread[producers];
    for (int p = 0; p < producers; p++) {
      started[p] =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  while (!threads.execute(ran::incrementAndGet)) {
                    Thread.onSpinWait();
                  }
                  if (i % 5_000 == 0) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                  }
                }
              });
      started[p].start();
    }
    for (Thread t : started) {
      t.join();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ran.get() < (long) producers * each && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(ran.get()).isEqualTo((long) producers * each);
    threads.shutdownNow();
  }

  @Test
  void threadsEndWhenIdleAndComeBackForNewWork() throws Exception {
    HandlerThreads threads = new HandlerThreads("idle", 2, 16, Duration.ofMillis(50));
    AtomicInteger ran = new AtomicInteger();
    for (int round = 0; round < 20; round++) {
      CountDownLatch done = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        assertThat(
                threads.execute(
                    () -> {
                      ran.incrementAndGet();
                      done.countDown();
                    }))
            .isTrue();
      }
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(round % 2 == 0 ? 80 : 1); // past the keep-alive every other round
    }
    assertThat(ran.get()).isEqualTo(60);
    threads.shutdownNow();
  }

  /**
   * Hand-offs inside a burst wake no thread; its end wakes one per queued task up to the
   * concurrency, and they run concurrently. Nested bursts wake only at the outermost end.
   */
  @Test
  void aBurstWakesThreadsOnceAtItsEnd() throws Exception {
    HandlerThreads threads = new HandlerThreads("burst", 3, 16, Duration.ofSeconds(30));
    CountDownLatch allRunning = new CountDownLatch(3);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    threads.beginBurst();
    threads.beginBurst();
    for (int i = 0; i < 3; i++) {
      assertThat(
              threads.execute(
                  () -> {
                    ran.incrementAndGet();
                    allRunning.countDown();
                    awaitQuietly(release);
                  }))
          .isTrue();
    }
    threads.endBurst();
    Thread.sleep(50); // no thread was started: nothing can run yet
    assertThat(ran.get()).isZero();
    threads.endBurst();
    assertThat(allRunning.await(5, TimeUnit.SECONDS)).as("three tasks at once").isTrue();
    release.countDown();
    threads.shutdownNow();
  }

  @Test
  void aFullQueueRefusesAndAStoppedOneRefusesEverything() {
    HandlerThreads threads = new HandlerThreads("full", 1, 4, Duration.ofSeconds(30));
    CountDownLatch release = new CountDownLatch(1);
    int accepted = 0;
    for (int i = 0; i < 100; i++) {
      if (threads.execute(() -> awaitQuietly(release))) {
        accepted++;
      }
    }
    assertThat(accepted).isLessThan(100).isGreaterThanOrEqualTo(4);
    threads.shutdownNow();
    release.countDown();
    assertThat(threads.execute(() -> {})).isFalse();
  }

  @Test
  void aCellTakenButNotYetFreedIsWaitedForNotReportedFull() throws Exception {
    TaskQueue queue = new TaskQueue(4); // 4 cells
    Runnable task = () -> {};
    for (int i = 0; i < 4; i++) {
      assertThat(queue.offer(task)).isTrue();
    }
    assertThat(queue.offer(task)).as("four queued in four cells: full").isFalse();
    long stalled = queue.claim(); // a consumer takes the first cell, then is descheduled
    assertThat(queue.poll()).isSameAs(task); // the others go on
    assertThat(queue.poll()).isSameAs(task);
    // Two cells are free, but the next position to fill is the stalled cell: the producer waits.
    CountDownLatch offered = new CountDownLatch(1);
    AtomicInteger accepted = new AtomicInteger();
    Thread producer =
        new Thread(
            () -> {
              accepted.set(queue.offer(task) ? 1 : -1);
              offered.countDown();
            });
    producer.start();
    assertThat(offered.await(100, TimeUnit.MILLISECONDS)).as("waits for the cell").isFalse();
    assertThat(queue.take(stalled)).isSameAs(task);
    assertThat(offered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(accepted.get()).isEqualTo(1);
    producer.join();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
