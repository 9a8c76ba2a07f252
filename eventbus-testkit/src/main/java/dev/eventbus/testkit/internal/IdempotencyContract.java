package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The idempotent consumer: in a group with {@code idempotent(true)}, duplicates of an event (the
 * same id published twice, or a redelivery after a lost acknowledgement) reach the handler once.
 */
public abstract class IdempotencyContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected IdempotencyContract(ContractFixture fixture) {
    super(fixture);
  }

  /** An event published twice with the same id reaches an idempotent group's handler once. */
  @Test
  void eventPublishedTwiceReachesTheHandlerOnce() {
    String topic = newTopic("dedup");
    HandledLog log = new HandledLog();
    GroupOptions options = options().concurrency(1).idempotent(true).build();
    Subscription subscription = record(startBus(options), topic, newGroup("dedup"), log, "c");
    EventBus publisher = startBus();
    Event<ContractEvent> twice = event("key", 0);

    publish(publisher, topic, twice);
    publish(publisher, topic, twice);
    String marker = publish(publisher, topic, event("key", 1)).id();

    await(
        "the later event was handled and nothing is in flight",
        () -> log.containsAll(List.of(marker)) && subscription.inFlight() == 0,
        log::toString);
    assertEquals(1, log.timesHandled(twice.id()), "times the duplicated event was handled");
  }

  /**
   * Every message is delivered twice (the first acknowledgement "lost"): an idempotent group
   * handles each event once, while a group without deduplication handles each twice, which shows
   * that the duplicates did arrive.
   */
  @Test
  void redeliveredEventsReachTheHandlerOnce() {
    String topic = newTopic("redelivered");
    HandledLog deduplicated = new HandledLog();
    HandledLog plain = new HandledLog();
    InFlightCounter idempotentSide = new InFlightCounter();
    InFlightCounter plainSide = new InFlightCounter();
    consumeWithDuplicates(topic, "idempotent", true, idempotentSide, deduplicated);
    consumeWithDuplicates(topic, "plain", false, plainSide, plain);
    EventBus publisher = startBus();
    List<String> ids = new ArrayList<>();

    for (int i = 0; i < 10; i++) {
      ids.add(publish(publisher, topic, event("key-" + (i % 3), i)).id());
    }

    await(
        "both groups settled both copies of every event",
        () -> idempotentSide.settled() >= 20 && plainSide.settled() >= 20,
        () -> "idempotent: " + idempotentSide + "; plain: " + plainSide);
    assertEquals(Map.of(), deduplicated.duplicates(), "duplicates in the idempotent group");
    assertEquals(10, deduplicated.count(), "events handled by the idempotent group");
    await("the plain group handled both copies", () -> plain.count() >= 20, plain::toString);
    ids.forEach(id -> assertEquals(2, plain.timesHandled(id), "copies handled of " + id));
  }

  private void consumeWithDuplicates(
      String topic, String name, boolean idempotent, InFlightCounter counter, HandledLog log) {
    ObservedBroker broker = new ObservedBroker(fixture.createBroker(), counter);
    broker.duplicateDeliveries(true);
    GroupOptions options = options().idempotent(idempotent).build();
    EventBus bus = startBus(broker, b -> b.groupDefaults(options));
    record(bus, topic, newGroup(name), log, name);
  }
}
