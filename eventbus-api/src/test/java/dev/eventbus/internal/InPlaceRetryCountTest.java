package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.DeadLetter;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core tells a delivery the count of each retry in place before it runs it, and a delivery that
 * reports a kept count (a broker's redelivery after a crash) goes on from it, with its first
 * failure's time, up to the dead letter.
 */
class InPlaceRetryCountTest {
  private static final Instant KEPT_FIRST_FAILURE = Instant.parse("2026-01-01T00:00:00Z");

  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  private EventBus bus;
  private ConsumerRuntime runtime;

  /** A broker's delivery that records what the core tells it and reports what it was given. */
  private final class KeepingDelivery implements Delivery {
    final String key;
    final int reportedAttempt;
    final Map<String, String> headers = new HashMap<>();
    final CompletableFuture<Map<String, String>> settledWith = new CompletableFuture<>();
    volatile Instant keptFirstFailure;
    boolean failToKeep;

    KeepingDelivery(String key, int reportedAttempt) {
      this.key = key;
      this.reportedAttempt = reportedAttempt;
    }

    @Override
    public BrokerMessage message() {
      return BrokerMessage.of(key, Map.of("id", "e-1"), headers, new byte[0]);
    }

    @Override
    public Event<?> event() {
      return Event.builder("poison").id("e-1").build();
    }

    @Override
    public String topic() {
      return "t";
    }

    @Override
    public String group() {
      return "g";
    }

    @Override
    public int attempt() {
      return reportedAttempt;
    }

    @Override
    public void retryingInPlace(int nextAttempt, Instant firstFailure) {
      calls.add("keep " + nextAttempt);
      keptFirstFailure = firstFailure;
      if (failToKeep) {
        throw new IllegalStateException("cannot keep it");
      }
    }

    @Override
    public void ack() {
      calls.add("ack");
    }

    @Override
    public void retryLater(Duration delay, Map<String, String> headers) {
      calls.add("retryLater " + headers.get(ATTEMPT_HEADER));
      settledWith.complete(Map.of());
    }

    @Override
    public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
      calls.add("deadLetter");
      settledWith.complete(headers);
      return CompletableFuture.completedFuture(null);
    }
  }

  private void subscribe(int maxAttempts) {
    RetryPolicy retry =
        RetryPolicy.custom()
            .maxAttempts(maxAttempts)
            .initialDelay(Duration.ofMillis(1))
            .multiplier(1.0)
            .jitter(0)
            .build();
    bus = EventBus.builder().group("g", GroupOptions.custom().retry(retry).build()).build();
    bus.start();
    runtime =
        (ConsumerRuntime)
            bus.subscribe(
                "t",
                "g",
                String.class,
                (payload, context) -> {
                  calls.add("attempt " + context.attempt());
                  throw new IllegalStateException("always fails");
                });
  }

  @AfterEach
  void close() {
    if (bus != null) {
      bus.close();
    }
  }

  private Map<String, String> settle(KeepingDelivery d) throws Exception {
    runtime.onDelivery(d);
    return d.settledWith.get(10, TimeUnit.SECONDS);
  }

  @Test
  void eachRetryInPlaceIsToldToTheDeliveryBeforeItRuns() throws Exception {
    subscribe(3);
    KeepingDelivery d = new KeepingDelivery("k", 1);

    Map<String, String> dead = settle(d);

    assertThat(calls)
        .containsExactly("attempt 1", "keep 2", "attempt 2", "keep 3", "attempt 3", "deadLetter");
    assertThat(dead.get(DeadLetter.ATTEMPTS_HEADER)).isEqualTo("3");
    assertThat(dead.get(DeadLetter.FIRST_FAILURE_HEADER))
        .as("the first failure the core told the delivery")
        .isEqualTo(d.keptFirstFailure.toString());
  }

  @Test
  void aDeliveryReportingAKeptCountGoesOnFromItWithItsFirstFailure() throws Exception {
    subscribe(4);
    KeepingDelivery d = new KeepingDelivery("k", 3);
    d.headers.put(Delivery.FIRST_FAILURE_HEADER, KEPT_FIRST_FAILURE.toString());

    Map<String, String> dead = settle(d);

    assertThat(calls).containsExactly("attempt 3", "keep 4", "attempt 4", "deadLetter");
    assertThat(d.keptFirstFailure).isEqualTo(KEPT_FIRST_FAILURE);
    assertThat(dead.get(DeadLetter.ATTEMPTS_HEADER)).isEqualTo("4");
    assertThat(dead.get(DeadLetter.FIRST_FAILURE_HEADER)).isEqualTo(KEPT_FIRST_FAILURE.toString());
  }

  @Test
  void aDeliveryThatCannotKeepTheCountIsStillRetriedInPlace() throws Exception {
    subscribe(2);
    KeepingDelivery d = new KeepingDelivery("k", 1);
    d.failToKeep = true;

    Map<String, String> dead = settle(d);

    assertThat(calls).containsExactly("attempt 1", "keep 2", "attempt 2", "deadLetter");
    assertThat(dead.get(DeadLetter.ATTEMPTS_HEADER)).isEqualTo("2");
  }

  @Test
  void anUnkeyedRetryGoesThroughTheBrokerAndIsNotToldAsInPlace() throws Exception {
    subscribe(3);
    KeepingDelivery d = new KeepingDelivery(null, 1);

    settle(d);

    assertThat(calls).containsExactly("attempt 1", "retryLater 2");
  }
}
