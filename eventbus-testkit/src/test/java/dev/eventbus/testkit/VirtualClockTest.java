package dev.eventbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  private final VirtualClock clock = new VirtualClock(START);

  @AfterEach
  void stop() {
    clock.close();
  }

  @Test
  void advanceRunsDueTasksInTimeOrderAndMovesTime() {
    List<String> ran = new CopyOnWriteArrayList<>();
    clock.schedule(Duration.ofSeconds(30), () -> ran.add("30s"));
    clock.schedule(Duration.ofSeconds(10), () -> ran.add("10s"));
    clock.schedule(Duration.ofSeconds(20), () -> ran.add("20s"));

    clock.advance(Duration.ofSeconds(15));

    assertThat(ran).containsExactly("10s");
    assertThat(clock.now()).isEqualTo(START.plusSeconds(15));
    assertThat(clock.pendingTasks()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(15));

    assertThat(ran).containsExactly("10s", "20s", "30s");
    assertThat(clock.now()).isEqualTo(START.plusSeconds(30));
  }

  @Test
  void tasksSeeTheirDueTimeAndTiesRunInSchedulingOrder() {
    List<String> ran = new CopyOnWriteArrayList<>();
    clock.schedule(Duration.ofSeconds(5), () -> ran.add("a@" + clock.now()));
    clock.schedule(Duration.ofSeconds(5), () -> ran.add("b@" + clock.now()));

    clock.advance(Duration.ofMinutes(1));

    Instant due = START.plusSeconds(5);
    assertThat(ran).containsExactly("a@" + due, "b@" + due);
  }

  @Test
  void taskScheduledWhileAdvancingRunsInTheSameAdvanceWhenDue() {
    List<Instant> ran = new CopyOnWriteArrayList<>();
    clock.schedule(
        Duration.ofSeconds(1),
        () -> {
          ran.add(clock.now());
          clock.schedule(Duration.ofSeconds(1), () -> ran.add(clock.now()));
          clock.schedule(Duration.ofSeconds(10), () -> ran.add(clock.now()));
        });

    clock.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly(START.plusSeconds(1), START.plusSeconds(2));
    assertThat(clock.pendingTasks()).isEqualTo(1);
  }

  @Test
  void cancelledTaskNeverRuns() {
    AtomicBoolean ran = new AtomicBoolean();
    clock.schedule(Duration.ofSeconds(1), () -> ran.set(true)).cancel();

    clock.advance(Duration.ofHours(1));

    assertThat(ran).isFalse();
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void zeroDelayTaskWaitsForAnAdvanceInManualMode() {
    AtomicBoolean ran = new AtomicBoolean();
    clock.schedule(Duration.ZERO, () -> ran.set(true));

    assertThat(ran).isFalse();
    clock.advance(Duration.ZERO);

    assertThat(ran).isTrue();
    assertThat(clock.now()).isEqualTo(START);
  }

  @Test
  void runNextJumpsToTheNextTask() {
    List<Instant> ran = new CopyOnWriteArrayList<>();
    clock.schedule(Duration.ofMinutes(3), () -> ran.add(clock.now()));

    assertThat(clock.runNext()).isTrue();
    assertThat(clock.runNext()).isFalse();

    assertThat(ran).containsExactly(START.plus(Duration.ofMinutes(3)));
  }

  @Test
  void failingTaskFailsTheAdvanceThatRanIt() {
    clock.schedule(
        Duration.ofSeconds(1),
        () -> {
          throw new IllegalStateException("task failed");
        });

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("task failed");
    assertThat(clock.now()).isEqualTo(START.plusSeconds(1));
  }

  @Test
  void timeNeverMovesBackwards() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void autoAdvanceJumpsToThePendingTaskWhenNothingHappens() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    clock.schedule(Duration.ofHours(6), ran::countDown);

    long started = System.nanoTime();
    clock.startAutoAdvance();

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(clock.now()).isEqualTo(START.plus(Duration.ofHours(6)));
  }

  @Test
  void autoAdvanceRunsDueTasksAtOnceButDoesNotJumpWhileBusy() throws InterruptedException {
    AtomicBoolean busy = new AtomicBoolean(true);
    CountDownLatch dueNow = new CountDownLatch(1);
    CountDownLatch later = new CountDownLatch(1);
    clock.startAutoAdvance(Duration.ofMillis(2), busy::get);

    clock.schedule(Duration.ZERO, dueNow::countDown);
    clock.schedule(Duration.ofMinutes(1), later::countDown);

    assertThat(dueNow.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(later.await(100, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(clock.now()).isEqualTo(START);
    busy.set(false);
    assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.now()).isEqualTo(START.plus(Duration.ofMinutes(1)));
  }

  @Test
  void stoppedAutoAdvanceLeavesTasksForManualAdvance() {
    clock.startAutoAdvance();
    assertThat(clock.isAutoAdvancing()).isTrue();
    clock.stopAutoAdvance();
    assertThat(clock.isAutoAdvancing()).isFalse();
    AtomicBoolean ran = new AtomicBoolean();

    clock.schedule(Duration.ofSeconds(1), () -> ran.set(true));
    assertThat(clock.pendingTasks()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));

    assertThat(ran).isTrue();
  }
}
