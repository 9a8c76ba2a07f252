package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.DeadLetter;
import dev.eventbus.DeadLetters;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.RetryPolicy;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker-neutral dead-letter API: list (oldest first), count, inspect, redrive (to the failing
 * group only, starting again at attempt 1), delete and purge.
 */
public abstract class DeadLetterContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected DeadLetterContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * Three dead letters of one group are listed oldest first, counted and inspected by id; another
   * group of the topic has none; an unknown id inspects as empty.
   */
  @Test
  void deadLettersAreListedCountedAndInspected() {
    Scenario s = new Scenario();
    List<String> ids = s.publishFailing(3);
    DeadLetters dlq = s.consumer.deadLetters();

    List<DeadLetter> listed = dlq.list(s.topic, s.group, 10);
    assertEquals(ids, listed.stream().map(DeadLetter::eventId).toList(), "listed, oldest first");
    assertEquals(
        ids.subList(0, 2),
        dlq.list(s.topic, s.group, 2).stream().map(DeadLetter::eventId).toList(),
        "list bounded by max");
    assertEquals(3, dlq.count(s.topic, s.group), "count");
    assertEquals(0, dlq.count(s.topic, s.healthyGroup), "count of a group without failures");
    DeadLetter second = dlq.inspect(s.topic, s.group, ids.get(1)).orElseThrow();
    assertEquals(ids.get(1), second.eventId(), "inspected id");
    assertEquals(s.group, second.group(), "inspected group");
    assertEquals(Optional.empty(), dlq.inspect(s.topic, s.group, newId()), "unknown id");
  }

  /**
   * A dead letter redriven with {@code redriveOne} reaches only its group, starts again at attempt
   * 1, is handled once, and leaves the dead letters; the other group does not see it again.
   */
  @Test
  void redrivenEventReachesOnlyItsGroupAndIsHandledOnce() {
    Scenario s = new Scenario();
    String id = s.publishFailing(1).get(0);
    DeadLetters dlq = s.consumer.deadLetters();
    s.failing.set(false);

    assertTrue(dlq.redriveOne(s.topic, s.group, id, timeout()), "redriveOne found the event");

    await("the redriven event was handled", () -> s.handled.containsAll(List.of(id)));
    assertEquals(0, dlq.count(s.topic, s.group), "dead letters after redrive");
    assertEquals(1, s.handled.entries().get(0).attempt(), "attempt of the redriven event");
    String marker = publish(s.publisher, s.topic, event("key", 99)).id();
    await(
        "both groups handled a later event",
        () -> s.handled.containsAll(List.of(marker)) && s.healthy.containsAll(List.of(marker)));
    assertEquals(1, s.handled.timesHandled(id), "times the failing group handled it");
    assertEquals(1, s.healthy.timesHandled(id), "times the other group handled it");
    assertFalse(
        dlq.redriveOne(s.topic, s.group, newId(), timeout()), "redriveOne of an unknown id");
  }

  /** {@code redrive} sends every dead letter back at a bounded rate; each is handled once. */
  @Test
  void redriveSendsEveryDeadLetterBackOnce() {
    Scenario s = new Scenario();
    List<String> ids = s.publishFailing(5);
    DeadLetters dlq = s.consumer.deadLetters();
    s.failing.set(false);

    assertEquals(5, dlq.redrive(s.topic, s.group, 100, 1000.0), "redriven");

    assertEquals(0, dlq.count(s.topic, s.group), "dead letters after redrive");
    await(
        "every redriven event was handled", () -> s.handled.containsAll(ids), s.handled::toString);
    assertEquals(Map.of(), s.handled.duplicates(), "redriven events handled twice");
    assertEquals(0, dlq.redrive(s.topic, s.group, 100, 1000.0), "second redrive");
  }

  /** {@code delete} removes one dead letter, {@code purge} the rest; neither redelivers. */
  @Test
  void deleteAndPurgeRemoveDeadLettersWithoutRedelivering() {
    Scenario s = new Scenario();
    List<String> ids = s.publishFailing(4);
    DeadLetters dlq = s.consumer.deadLetters();
    s.failing.set(false);

    assertTrue(dlq.delete(s.topic, s.group, ids.get(0)), "delete of a dead letter");
    assertFalse(dlq.delete(s.topic, s.group, ids.get(0)), "second delete of the same id");
    assertEquals(3, dlq.count(s.topic, s.group), "count after delete");
    assertEquals(Optional.empty(), dlq.inspect(s.topic, s.group, ids.get(0)), "deleted letter");
    assertEquals(3, dlq.purge(s.topic, s.group), "purged");
    assertEquals(0, dlq.count(s.topic, s.group), "count after purge");
    assertEquals(List.of(), dlq.list(s.topic, s.group, 10), "list after purge");

    String marker = publish(s.publisher, s.topic, event("key", 99)).id();
    await("a later event was handled", () -> s.handled.containsAll(List.of(marker)));
    assertEquals(List.of(marker), List.copyOf(s.handled.ids()), "events the group handled");
    assertEquals(4, s.calls.get() - 1, "handler calls for the dead-lettered events");
  }

  /**
   * A message without an event id (a foreign producer's) is dead-lettered under an id of its own:
   * listed with it, and found and deleted by it, the same way on every broker.
   */
  @Test
  void aMessageWithoutAnEventIdIsDeadLetteredUnderAnIdOfItsOwn() {
    String topic = newTopic("no-id");
    String group = newGroup("reader");
    EventBus consumer = startBus(options().retry(RetryPolicy.none()).build());
    subscribe(consumer, topic, group, (payload, context) -> {});
    EventBus publisher = startBus();
    BrokerMessage foreign =
        BrokerMessage.of(
            null,
            Map.of("type", "com.example.Foreign", "source", "/elsewhere"),
            Map.of(),
            "{\"from\":\"elsewhere\"}".getBytes(StandardCharsets.UTF_8));
    join(
        publisher.broker().send(topic, foreign, sendDeadline()), "send of a message without an id");
    DeadLetters dlq = consumer.deadLetters();
    await("the message is dead-lettered", () -> dlq.count(topic, group) >= 1);

    List<DeadLetter> listed = dlq.list(topic, group, 10);
    assertEquals(1, listed.size(), "dead letters listed: " + listed);
    DeadLetter letter = listed.get(0);
    assertNotNull(letter.id(), "the id of a dead letter without an event id");
    assertTrue(dlq.inspect(topic, group, letter.id()).isPresent(), "inspect by that id");
    assertTrue(dlq.delete(topic, group, letter.id()), "delete by that id");
    assertEquals(0, dlq.count(topic, group), "count after delete");
    assertEquals(List.of(), dlq.list(topic, group, 10), "list after delete");
  }

  /**
   * A dead letter carries the event's own headers and the documented dead-letter headers, and
   * nothing else: every header a broker adds is one of {@link DeadLetter}'s or {@link Delivery}'s
   * constants, so that the list in the dead letters' documentation is complete.
   */
  @Test
  void aDeadLetterCarriesTheEventsHeadersAndTheDocumentedOnesOnly() {
    String topic = newTopic("dlq-headers");
    String group = newGroup("failing");
    EventBus consumer = startBus(options().retry(RetryPolicy.none()).build());
    subscribe(
        consumer,
        topic,
        group,
        (payload, context) -> {
          throw new IllegalStateException("rejected " + payload.seq());
        });
    EventBus publisher = startBus();
    Event<?> sent =
        publish(publisher, topic, event("k", 7).toBuilder().header("tenant", "acme").build());
    DeadLetters dlq = consumer.deadLetters();
    await("the event is dead-lettered", () -> dlq.count(topic, group) >= 1);

    DeadLetter letter = dlq.inspect(topic, group, sent.id()).orElseThrow();
    Set<String> documented =
        Set.of(
            DeadLetter.ID_HEADER,
            DeadLetter.TOPIC_HEADER,
            DeadLetter.GROUP_HEADER,
            DeadLetter.ATTEMPTS_HEADER,
            DeadLetter.FIRST_FAILURE_HEADER,
            DeadLetter.LAST_FAILURE_HEADER,
            DeadLetter.EXCEPTION_CLASS_HEADER,
            DeadLetter.EXCEPTION_MESSAGE_HEADER,
            DeadLetter.REASON_HEADER,
            Delivery.ATTEMPT_HEADER,
            Delivery.FIRST_FAILURE_HEADER);
    Set<String> undocumented = new TreeSet<>(letter.headers().keySet());
    undocumented.removeAll(documented);
    assertEquals(Set.of("tenant"), undocumented, "headers beside the documented ones");
    assertEquals("acme", letter.headers().get("tenant"), "the event's own header");
    assertEquals(sent.id(), letter.id(), "id");
    assertEquals(topic, letter.topic(), "topic");
    assertEquals(group, letter.group(), "group");
    assertEquals(1, letter.attempts(), "attempts");
    assertEquals("retries-exhausted", letter.reason(), "reason");
    assertEquals(IllegalStateException.class.getName(), letter.exceptionClass(), "exception");
    assertEquals("rejected 7", letter.exceptionMessage(), "exception message");
    assertNotNull(letter.firstFailure(), "first failure");
    assertNotNull(letter.lastFailure(), "last failure");
  }

  /**
   * A topic with a group whose handler fails (one attempt, while {@link #failing} is set) and a
   * healthy group, each in its own process, with one event key so that order is kept.
   */
  private final class Scenario {
    final String topic = newTopic("dlq");
    final String group = newGroup("failing");
    final String healthyGroup = newGroup("healthy");
    final AtomicBoolean failing = new AtomicBoolean(true);
    final AtomicInteger calls = new AtomicInteger();
    final HandledLog handled = new HandledLog();
    final HandledLog healthy = new HandledLog();
    final EventBus consumer;
    final EventBus publisher;

    Scenario() {
      consumer =
          startBus(options().concurrency(1).maxInFlight(1).retry(RetryPolicy.none()).build());
      subscribe(
          consumer,
          topic,
          group,
          (payload, context) -> {
            calls.incrementAndGet();
            if (failing.get()) {
              throw new IllegalStateException("rejected " + payload.seq());
            }
            handled.record(context, "failing");
          });
      record(startBus(), topic, healthyGroup, healthy, "healthy");
      publisher = startBus();
    }

    List<String> publishFailing(int count) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Event<?> sent = publish(publisher, topic, event("key", i));
        ids.add(sent.id());
      }
      await(
          count + " events are dead-lettered",
          () -> consumer.deadLetters().count(topic, group) >= count,
          () -> consumer.deadLetters().count(topic, group) + " dead letters");
      await("the healthy group handled them", () -> healthy.containsAll(ids));
      return ids;
    }
  }
}
