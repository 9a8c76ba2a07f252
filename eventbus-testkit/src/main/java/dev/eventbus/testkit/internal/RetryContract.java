package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.DeadLetter;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.NonRetryableException;
import dev.eventbus.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Retries: a failed attempt is tried again with the next attempt number; after the last attempt, or
 * at once for a non-retryable failure, the event is dead-lettered with its history and the handler
 * is not called again.
 */
public abstract class RetryContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected RetryContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * A handler failing twice then succeeding sees attempts 1, 2 and 3, and nothing is dead-lettered.
   */
  @Test
  void failedAttemptsAreRetriedWithIncreasingAttemptNumbers() {
    String topic = newTopic("retry");
    String group = newGroup("flaky");
    List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    HandledLog log = new HandledLog();
    EventBus consumer = startBus(options().retry(fastRetry(5)).build());
    subscribe(
        consumer,
        topic,
        group,
        (payload, context) -> {
          attempts.add(context.attempt());
          if (calls.incrementAndGet() <= 2) {
            throw new IllegalStateException("transient failure " + calls.get());
          }
          log.record(context, "consumer");
        });

    Event<?> sent = publish(startBus(), topic, event("key", 0));

    await("the event was handled", () -> log.containsAll(List.of(sent.id())), attempts::toString);
    assertEquals(List.of(1, 2, 3), attempts, "attempt numbers seen by the handler");
    assertEquals(0, consumer.deadLetters().count(topic, group), "dead letters");
  }

  /**
   * After the last attempt the event is dead-lettered once, with topic, group, attempts, first and
   * last failure, exception class and bounded message, reason {@code retries-exhausted}, and its
   * body untouched; the handler is not called again.
   */
  @Test
  void exhaustedRetriesDeadLetterTheEventWithItsHistory() {
    String topic = newTopic("exhausted");
    String group = newGroup("failing");
    AtomicInteger calls = new AtomicInteger();
    HandledLog log = new HandledLog();
    EventBus consumer = startBus(options().retry(fastRetry(3)).build());
    subscribe(
        consumer,
        topic,
        group,
        (payload, context) -> {
          if (payload.note().equals("poison")) {
            calls.incrementAndGet();
            throw new IllegalStateException("boom " + "x".repeat(5000));
          }
          log.record(context, "consumer");
        });
    EventBus publisher = startBus();
    Instant before = Instant.now().minusSeconds(1);

    Event<?> sent = publish(publisher, topic, event("key", 0, "poison"));

    DeadLetter letter = awaitDeadLetter(consumer, topic, group, sent.id());
    assertEquals(3, calls.get(), "handler calls");
    assertEquals(sent.id(), letter.eventId(), "event id");
    assertEquals(sent.id(), letter.id(), "dead letter id");
    assertEquals(ContractEvent.TYPE, letter.type(), "type");
    assertEquals(topic, letter.topic(), "topic header");
    assertEquals(group, letter.group(), "group header");
    assertEquals(3, letter.attempts(), "attempts header");
    assertEquals("retries-exhausted", letter.reason(), "reason header");
    assertEquals(IllegalStateException.class.getName(), letter.exceptionClass(), "exception class");
    assertNotNull(letter.exceptionMessage(), "exception message");
    assertTrue(letter.exceptionMessage().startsWith("boom"), letter.exceptionMessage());
    assertTrue(
        letter.exceptionMessage().length() <= DeadLetter.MAX_MESSAGE_LENGTH,
        "exception message of " + letter.exceptionMessage().length() + " characters");
    assertFailureTimes(letter, before);
    assertEquals(sent.payload(), consumer.serializer().decode(letter.message()).payload(), "body");

    Event<?> marker = publish(publisher, topic, event("key", 1));
    await("a later event was handled", () -> log.containsAll(List.of(marker.id())));
    assertEquals(3, calls.get(), "handler calls after the event was dead-lettered");
    assertEquals(1, consumer.deadLetters().count(topic, group), "dead letters");
  }

  /** A {@link NonRetryableException} dead-letters the event after one attempt. */
  @Test
  void nonRetryableFailureIsDeadLetteredAfterOneAttempt() {
    deadLetteredAfterOneAttempt(
        fastRetry(5), new NonRetryableException("the order is invalid"), "non-retryable");
  }

  /** A failure the policy lists in {@code noRetryOn} dead-letters the event after one attempt. */
  @Test
  void failureListedAsNotRetryableIsDeadLetteredAfterOneAttempt() {
    RetryPolicy policy =
        RetryPolicy.custom()
            .maxAttempts(5)
            .initialDelay(Duration.ofMillis(10))
            .noRetryOn(IllegalArgumentException.class)
            .build();
    deadLetteredAfterOneAttempt(
        policy, new IllegalArgumentException("no such customer"), "non-retryable");
  }

  private void deadLetteredAfterOneAttempt(
      RetryPolicy policy, RuntimeException failure, String reason) {
    String topic = newTopic("fatal");
    String group = newGroup("strict");
    AtomicInteger calls = new AtomicInteger();
    EventBus consumer = startBus(options().retry(policy).build());
    subscribe(
        consumer,
        topic,
        group,
        (payload, context) -> {
          calls.incrementAndGet();
          throw failure;
        });

    Event<?> sent = publish(startBus(), topic, event("key", 0));

    DeadLetter letter = awaitDeadLetter(consumer, topic, group, sent.id());
    assertEquals(1, calls.get(), "handler calls");
    assertEquals(1, letter.attempts(), "attempts header");
    assertEquals(reason, letter.reason(), "reason header");
    assertEquals(failure.getClass().getName(), letter.exceptionClass(), "exception class");
    assertEquals(failure.getMessage(), letter.exceptionMessage(), "exception message");
    assertFailureTimes(letter, Instant.now().minus(timeout()));
  }

  private DeadLetter awaitDeadLetter(EventBus bus, String topic, String group, String id) {
    await(
        "event " + id + " is dead-lettered",
        () -> bus.deadLetters().inspect(topic, group, id).isPresent());
    return bus.deadLetters().inspect(topic, group, id).orElseThrow();
  }

  private static void assertFailureTimes(DeadLetter letter, Instant notBefore) {
    Instant first = letter.firstFailure();
    Instant last = letter.lastFailure();
    assertNotNull(first, "first failure header");
    assertNotNull(last, "last failure header");
    assertFalse(first.isBefore(notBefore), "first failure " + first + " before " + notBefore);
    assertFalse(last.isBefore(first), "last failure " + last + " before first " + first);
    assertFalse(last.isAfter(Instant.now().plusSeconds(1)), "last failure in the future: " + last);
  }
}
