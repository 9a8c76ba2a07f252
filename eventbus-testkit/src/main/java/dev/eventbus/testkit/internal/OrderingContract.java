package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-key ordering (capability {@code orderedByKey}): events of one key reach a group one at a time
 * in publish order, while other keys run concurrently; a failing key is parked without blocking the
 * others and without being overtaken by its own later events.
 */
public abstract class OrderingContract extends ContractGroup {
  private static final int KEYS = 16;
  private static final int PER_KEY = 25;

  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected OrderingContract(ContractFixture fixture) {
    super(fixture);
  }

  @BeforeEach
  void requireOrderedByKey() {
    requireCapability(ContractCapability.ORDERED_BY_KEY);
  }

  /**
   * 16 keys of 25 events each, consumed with concurrency 8: every key's events are handled in
   * publish order, and never two of one key at the same time.
   */
  @Test
  void eventsOfOneKeyAreHandledOneAtATimeInPublishOrder() {
    String topic = newTopic("order");
    HandledLog log = new HandledLog();
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Set<String> overlapping = ConcurrentHashMap.newKeySet();
    GroupOptions options = options().concurrency(8).maxInFlight(64).build();
    subscribe(
        startBus(options),
        topic,
        newGroup("ordered"),
        (payload, context) -> {
          AtomicInteger active = running.computeIfAbsent(payload.key(), k -> new AtomicInteger());
          if (active.incrementAndGet() > 1) {
            overlapping.add(payload.key());
          }
          try {
            Thread.yield();
            log.record(context, "consumer");
          } finally {
            active.decrementAndGet();
          }
        });
    List<Event<ContractEvent>> events = new ArrayList<>();
    for (int seq = 0; seq < PER_KEY; seq++) {
      for (int k = 0; k < KEYS; k++) {
        events.add(event("key-" + k, seq));
      }
    }

    publishAll(startBus(), topic, events);

    await("all " + events.size() + " events were handled", () -> log.count() >= events.size());
    List<Integer> inOrder = IntStream.range(0, PER_KEY).boxed().toList();
    for (int k = 0; k < KEYS; k++) {
      assertEquals(inOrder, log.seqsOfKey("key-" + k), "handling order of key-" + k);
    }
    assertEquals(Set.of(), overlapping, "keys with two events handled at the same time");
  }

  /**
   * The first event of one key fails at least twice, then until every event of the other keys was
   * handled: the other keys progress while it is retried, and the key's later events wait until it
   * succeeds.
   */
  @Test
  void failingKeyIsParkedWhileOtherKeysProgress() {
    String topic = newTopic("parked");
    String group = newGroup("ordered");
    int good = 20;
    HandledLog log = new HandledLog();
    AtomicInteger failures = new AtomicInteger();
    RetryPolicy patient =
        RetryPolicy.custom()
            .maxAttempts(100)
            .initialDelay(Duration.ofMillis(10))
            .multiplier(1.5)
            .maxDelay(Duration.ofMillis(100))
            .jitter(0.0)
            .build();
    EventBus consumer = startBus(options().concurrency(4).maxInFlight(32).retry(patient).build());
    subscribe(
        consumer,
        topic,
        group,
        (payload, context) -> {
          boolean othersDone = log.count(e -> !e.key().equals("stuck")) >= good;
          boolean stuck = payload.key().equals("stuck") && payload.seq() == 0;
          // Fails at least twice (so the test cannot pass without a retry), then until the
          // other keys are all done: they must progress while this key is parked.
          if (stuck && (failures.get() < 2 || !othersDone)) {
            failures.incrementAndGet();
            throw new IllegalStateException("parked until the other keys are done");
          }
          log.record(context, "consumer");
        });
    List<Event<ContractEvent>> events = new ArrayList<>();
    for (int seq = 0; seq < 3; seq++) {
      events.add(event("stuck", seq));
    }
    for (int i = 0; i < good; i++) {
      events.add(event("key-" + (i % 4), i / 4));
    }

    publishAll(startBus(), topic, events);

    await("every event was handled", () -> log.count() >= events.size(), log::toString);
    assertEquals(List.of(0, 1, 2), log.seqsOfKey("stuck"), "handling order of the parked key");
    for (int k = 0; k < 4; k++) {
      assertEquals(List.of(0, 1, 2, 3, 4), log.seqsOfKey("key-" + k), "order of key-" + k);
    }
    assertTrue(failures.get() >= 2, "the parked event failed fewer than twice");
    assertEquals(0, consumer.deadLetters().count(topic, group), "dead letters");
  }
}
