package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishWindowTest {
  private static final long LONG = TimeUnit.SECONDS.toNanos(10);

  @Test
  void takesRoomUpToTheMaximumAndTimesOutBeyondIt() throws Exception {
    PublishWindow window = new PublishWindow(8);

    assertThat(window.tryAcquire(5, 0)).isTrue();
    assertThat(window.tryAcquire(3, 0)).isTrue();
    assertThat(window.tryAcquire(1, TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
    assertThat(window.tryAcquire(9, 0)).isFalse();
    assertThat(window.pending()).isEqualTo(8);
  }

  @Test
  void aBlockedPublisherFindsRoomThatFewerThanAQuarterOfReleasesLeft() throws Exception {
    PublishWindow window = new PublishWindow(8);
    assertThat(window.tryAcquire(8, 0)).isTrue();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Boolean> blocked =
        CompletableFuture.supplyAsync(
            () -> {
              waiting.countDown();
              try {
                return window.tryAcquire(1, LONG);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    waiting.await();

    window.release(); // the only one: 7 pending, no signal, yet there is room

    assertThat(blocked.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(window.pending()).isEqualTo(8);
  }

  @Test
  void manyPublishersAndReleasersNeverExceedTheWindowNorLoseAWakeUp() throws Exception {
    PublishWindow window = new PublishWindow(16);
    int perThread = 20_000;
    Thread[] publishers = new Thread[3];
    java.util.concurrent.BlockingQueue<Integer> acquired =
        new java.util.concurrent.LinkedBlockingQueue<>();
    for (int t = 0; t < publishers.length; t++) {
      publishers[t] =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  try {
                    if (!window.tryAcquire(1, LONG)) {
                      throw new AssertionError("timed out: a wake-up was lost");
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  assertThat(window.pending()).isLessThanOrEqualTo(16);
                  acquired.add(i);
                }
              });
      publishers[t].start();
    }
    for (int released = 0; released < perThread * publishers.length; released++) {
      acquired.take();
      window.release();
    }
    for (Thread t : publishers) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(t.isAlive()).isFalse();
    }
    assertThat(window.pending()).isZero();
  }
}
