package dev.eventbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.GroupOptions;
import dev.eventbus.NonRetryableException;
import dev.eventbus.RetryPolicy;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusHarnessTest {
  private static final RetryPolicy FIVE_WITH_BACKOFF =
      RetryPolicy.custom()
          .maxAttempts(5)
          .initialDelay(Duration.ofSeconds(1))
          .multiplier(2.0)
          .maxDelay(Duration.ofMinutes(1))
          .build();

  private EventBusHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void fiveAttemptsWithBackoffThenDeadLetterTakeMillisecondsOfWallTime() {
    harness = withRetry(FIVE_WITH_BACKOFF);
    harness
        .bus()
        .subscribe(
            "orders",
            "billing",
            OrderPlaced.class,
            (order, context) -> {
              throw new IllegalStateException("payment service down");
            });
    Instant virtualStart = harness.clock().now();
    long wallStart = System.nanoTime();

    harness.publish("orders", new OrderPlaced("o-1", 4200));
    DeadLettered dead = harness.deadLettered().first(OrderPlaced.class);

    Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
    assertThat(wall).isLessThan(Duration.ofSeconds(1));
    assertThat(dead.reason()).isEqualTo("retries-exhausted");
    assertThat(dead.deadLetter().attempts()).isEqualTo(5);
    assertThat(dead.group()).isEqualTo("billing");
    assertThat(dead.exception()).isInstanceOf(IllegalStateException.class);
    assertThat(harness.consumed().all())
        .extracting(Consumed::attempt)
        .containsExactly(1, 2, 3, 4, 5);
    // backoff of 1 + 2 + 4 + 8 s, each spread by up to 20% jitter, passed in virtual time
    assertThat(Duration.between(virtualStart, harness.clock().now()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void orderedEventsAreRetriedInVirtualTimeToo() {
    harness = withRetry(FIVE_WITH_BACKOFF);
    AtomicInteger calls = new AtomicInteger();
    harness
        .bus()
        .subscribe(
            "orders",
            "billing",
            OrderPlaced.class,
            (order, context) -> {
              if (calls.incrementAndGet() < 4) {
                throw new IllegalStateException("not yet");
              }
            });

    harness.publish("orders", Event.builder(new OrderPlaced("o-1", 1)).partitionKey("o-1").build());

    assertThat(harness.consumed().any(Consumed.class::isInstance)).isTrue();
    List<Consumed> attempts = harness.consumed().awaitCount(OrderPlaced.class, 4);
    assertThat(attempts).extracting(Consumed::attempt).containsExactly(1, 2, 3, 4);
    assertThat(attempts.get(3).succeeded()).isTrue();
    assertThat(harness.deadLettered().none(OrderPlaced.class)).isTrue();
  }

  @Test
  void injectedFailuresAreRetriedAndRecordedWithTheirException() {
    harness = withRetry(FIVE_WITH_BACKOFF);
    AtomicInteger handled = new AtomicInteger();
    harness
        .bus()
        .subscribe("orders", "billing", OrderPlaced.class, (o, c) -> handled.incrementAndGet());
    harness.faults().failNext(2, "billing", OrderPlaced.class);

    harness.publish("orders", new OrderPlaced("o-1", 1));

    List<Consumed> attempts = harness.consumed().awaitCount(OrderPlaced.class, 3);
    assertThat(attempts.get(0).exception()).isInstanceOf(InjectedFailureException.class);
    assertThat(attempts.get(1).exception()).isInstanceOf(InjectedFailureException.class);
    assertThat(attempts.get(2).succeeded()).isTrue();
    assertThat(handled).hasValue(1);
    assertThat(harness.faults().pendingFailures()).isZero();
  }

  @Test
  void injectedFailuresApplyOnlyToTheirGroupAndType() {
    harness = EventBusHarness.builder().build();
    harness.bus().subscribe("orders", "billing", OrderPlaced.class, (o, c) -> {});
    harness.bus().subscribe("orders", "shipping", OrderPlaced.class, (o, c) -> {});
    harness
        .faults()
        .failNext(1, "billing", OrderCancelled.class)
        .failNext(1, "shipping", OrderPlaced.class, () -> new NonRetryableException("no address"));

    harness.publish("orders", new OrderPlaced("o-1", 1));

    DeadLettered dead = harness.deadLettered().first(OrderPlaced.class);
    assertThat(dead.group()).isEqualTo("shipping");
    assertThat(dead.reason()).isEqualTo("non-retryable");
    assertThat(harness.consumed().any(c -> c.group().equals("billing") && c.succeeded())).isTrue();
    assertThat(harness.faults().pendingFailures()).isEqualTo(1);
  }

  @Test
  void publishedRecordsWhatTheBrokerAccepted() {
    harness = EventBusHarness.builder().build();

    Event<?> sent = harness.publish("orders", new OrderPlaced("o-7", 700));

    Published published = harness.published().first(OrderPlaced.class, o -> o.amount() == 700);
    assertThat(published.topic()).isEqualTo("orders");
    assertThat(published.event().id()).isEqualTo(sent.id());
    assertThat(published.exception()).isNull();
    assertThat(published.group()).isNull();
    assertThat(harness.published().payloads(OrderPlaced.class))
        .containsExactly(new OrderPlaced("o-7", 700));
  }

  @Test
  void noneWaitsForInactivityAndSeesLateMatches() {
    harness = EventBusHarness.builder().build();
    harness.bus().subscribe("orders", "billing", OrderPlaced.class, (o, c) -> {});

    harness.publish("orders", new OrderPlaced("o-1", 1));

    assertThat(harness.consumed().none(OrderCancelled.class)).isTrue();
    assertThat(harness.consumed().none(OrderPlaced.class)).isFalse();
    assertThat(harness.deadLettered().none(OrderPlaced.class)).isTrue();
  }

  @Test
  void firstFailsWithWhatWasRecorded() {
    harness = EventBusHarness.builder().build();
    harness.bus().subscribe("orders", "billing", OrderPlaced.class, (o, c) -> {});
    harness.publish("orders", new OrderPlaced("o-1", 1));
    harness.consumed().first(OrderPlaced.class);

    assertThatThrownBy(
            () -> harness.consumed().within(Duration.ofMillis(50)).first(OrderCancelled.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No OrderCancelled entry in consumed within 50 ms")
        .hasMessageContaining("OrderPlaced");
  }

  @Test
  void duplicateDeliveriesReachOnlyGroupsWithoutDeduplication() {
    harness =
        EventBusHarness.builder()
            .configure(bus -> bus.group("billing", GroupOptions.custom().idempotent(true).build()))
            .build();
    AtomicInteger billing = new AtomicInteger();
    AtomicInteger audit = new AtomicInteger();
    harness
        .bus()
        .subscribe("orders", "billing", OrderPlaced.class, (o, c) -> billing.incrementAndGet());
    harness
        .bus()
        .subscribe("orders", "audit", OrderPlaced.class, (o, c) -> audit.incrementAndGet());
    harness.faults().duplicateDeliveries(true);

    harness.publish("orders", new OrderPlaced("o-1", 1));

    assertThat(harness.consumed().any(c -> c.group().equals("audit") && audit.get() == 2)).isTrue();
    assertThat(harness.awaitInactivity()).isTrue();
    assertThat(audit).hasValue(2);
    assertThat(billing).hasValue(1);
  }

  @Test
  void undecodableMessagesAreRecordedAsDeadLetteredWithoutAnEvent() {
    harness = EventBusHarness.builder().build();
    harness.bus().subscribe("orders", "billing", OrderPlaced.class, (o, c) -> {});
    BrokerMessage garbage =
        BrokerMessage.of(
            null,
            Map.of("id", "poison-1", "type", "OrderPlaced", "specversion", "1.0"),
            Map.of(),
            "{not json".getBytes(StandardCharsets.UTF_8));

    harness
        .bus()
        .broker()
        .send("orders", garbage, Broker.deadlineAfter(Duration.ofSeconds(10)))
        .join();

    DeadLettered dead = harness.deadLettered().first(d -> d.deadLetter().id().equals("poison-1"));
    assertThat(dead.event()).isNull();
    assertThat(dead.reason()).isEqualTo("undecodable");
    assertThat(dead.exception()).isNull();
    assertThat(harness.published().any(p -> p.event() == null)).isTrue();
  }

  @Test
  void manualClockMovesOnlyWhenTheTestAdvancesIt() {
    harness =
        EventBusHarness.builder()
            .autoAdvance(false)
            .configure(
                bus ->
                    bus.groupDefaults(
                        GroupOptions.custom()
                            .retry(
                                RetryPolicy.custom()
                                    .initialDelay(Duration.ofSeconds(10))
                                    .maxDelay(Duration.ofSeconds(10))
                                    .jitter(0)
                                    .build())
                            .build()))
            .build();
    harness.bus().subscribe("orders", "billing", OrderPlaced.class, (o, c) -> {});
    harness.faults().failNext(1);

    harness.publish("orders", new OrderPlaced("o-1", 1));

    assertThat(harness.consumed().first(OrderPlaced.class).succeeded()).isFalse();
    assertThat(harness.consumed().none(c -> c.succeeded())).isTrue();
    harness.clock().advance(Duration.ofSeconds(10));
    assertThat(harness.consumed().any(c -> c.succeeded() && c.attempt() == 2)).isTrue();
  }

  @Test
  void systemClockHarnessHasNoVirtualClock() {
    harness = EventBusHarness.builder().systemClock().build();

    assertThatThrownBy(harness::clock).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void invalidSettingsAreRejectedWhenBuilt() {
    assertThatThrownBy(() -> EventBusHarness.builder().timeout(Duration.ZERO).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("harness.timeout");
    assertThatThrownBy(
            () -> EventBusHarness.builder().inactivityTimeout(Duration.ofMinutes(1)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("harness.inactivityTimeout");
  }

  private static EventBusHarness withRetry(RetryPolicy retry) {
    return EventBusHarness.builder()
        .configure(bus -> bus.group("billing", GroupOptions.custom().retry(retry).build()))
        .build();
  }
}
