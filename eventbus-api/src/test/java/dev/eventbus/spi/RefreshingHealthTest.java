package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.HealthStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefreshingHealthTest {
  @Test
  void aBrokerThatDoesNotAnswerNeverHoldsTheCallerAndReadsDownAfterTheTimeout() throws Exception {
    RefreshingHealth health =
        new RefreshingHealth(
            "cluster unreachable",
            CompletableFuture::new, // never completes
            Duration.ofMillis(100),
            Duration.ofSeconds(5));

    long begin = System.nanoTime();
    BrokerHealth first = health.value();
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(50));
    assertThat(first).isEqualTo(BrokerHealth.down("not checked yet"));

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (health.value().detail().equals("not checked yet") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(health.value())
        .isEqualTo(BrokerHealth.down("cluster unreachable: TimeoutException"));
  }

  @Test
  void checkNowWaitsForTheAnswerAndLaterCallsReuseItWithinTheInterval() {
    AtomicInteger checks = new AtomicInteger();
    RefreshingHealth health =
        new RefreshingHealth(
            "cluster unreachable",
            () ->
                CompletableFuture.completedFuture(
                    BrokerHealth.up(checks.incrementAndGet() + " check(s)")),
            Duration.ofSeconds(1),
            Duration.ofMinutes(1));

    assertThat(health.checkNow()).isEqualTo(BrokerHealth.up("1 check(s)"));
    for (int i = 0; i < 100; i++) {
      assertThat(health.value()).isEqualTo(BrokerHealth.up("1 check(s)"));
    }
    assertThat(checks).hasValue(1);
  }

  @Test
  void aStaleAnswerIsRefreshedOnceTheIntervalHasPassed() {
    AtomicInteger checks = new AtomicInteger();
    RefreshingHealth health =
        new RefreshingHealth(
            "SQS unreachable",
            () ->
                CompletableFuture.completedFuture(BrokerHealth.up("#" + checks.incrementAndGet())),
            Duration.ofSeconds(1),
            Duration.ZERO);

    health.checkNow();
    assertThat(health.value().detail()).isEqualTo("#2");
    assertThat(checks).hasValue(2);
  }

  @Test
  void aFailedCheckIsDownNamingTheExceptionClassButNotItsMessage() {
    RefreshingHealth health =
        new RefreshingHealth(
            "SQS unreachable",
            () ->
                CompletableFuture.failedFuture(
                    new IllegalStateException("secret-host.internal:9092 refused user alice")),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    BrokerHealth down = health.checkNow();

    assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.detail()).isEqualTo("SQS unreachable: IllegalStateException");
  }

  @Test
  void aCheckThatThrowsWhileStartingIsDownToo() {
    RefreshingHealth health =
        new RefreshingHealth(
            "cluster unreachable",
            () -> {
              throw new IllegalArgumentException("closed client");
            },
            Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    assertThat(health.checkNow())
        .isEqualTo(BrokerHealth.down("cluster unreachable: IllegalArgumentException"));
  }

  @Test
  void firstAnswerWaitsForACheckAlreadyRunningAndLaterCallsDoNotWait() {
    CompletableFuture<BrokerHealth> slow = new CompletableFuture<>();
    RefreshingHealth health =
        new RefreshingHealth(
            "cluster unreachable", () -> slow, Duration.ofSeconds(5), Duration.ofMinutes(1));
    assertThat(health.value()).isEqualTo(BrokerHealth.down("not checked yet")); // check started
    CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS)
        .execute(() -> slow.complete(BrokerHealth.up("answered")));

    assertThat(health.firstAnswer()).isEqualTo(BrokerHealth.up("answered"));
    long begin = System.nanoTime();
    assertThat(health.firstAnswer()).isEqualTo(BrokerHealth.up("answered"));
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(50));
  }
}
