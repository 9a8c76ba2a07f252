package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Competing consumers: the instances of one group share its events, each event handled by one of
 * them, while another group of the same topic still receives everything.
 */
public abstract class CompetingConsumersContract extends ContractGroup {
  private static final int WAVE = 30;
  private static final int MAX_WAVES = 10;

  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected CompetingConsumersContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * Three instances of a group (three processes) share the work: more than one of them handles
   * events, and every event is handled exactly once in the group and once in another group. Events
   * go out in waves until a second instance took part, as a broker may rebalance late.
   */
  @Test
  void instancesOfOneGroupShareTheWorkAndHandleEachEventOnce() {
    String topic = newTopic("compete");
    String group = newGroup("workers");
    HandledLog workers = new HandledLog();
    HandledLog audit = new HandledLog();
    for (int i = 1; i <= 3; i++) {
      record(startBus(), topic, group, workers, "instance-" + i);
    }
    record(startBus(), topic, newGroup("audit"), audit, "audit");
    EventBus publisher = startBus();
    List<String> ids = new ArrayList<>();
    for (int wave = 0; wave < MAX_WAVES && workers.instances().size() < 2; wave++) {
      List<Event<ContractEvent>> events = new ArrayList<>();
      for (int i = 0; i < WAVE; i++) {
        int seq = wave * WAVE + i;
        events.add(event("key-" + seq, seq));
      }
      publishAll(publisher, topic, events).forEach(e -> ids.add(e.id()));
      await("the workers handled wave " + wave, () -> workers.containsAll(ids), workers::toString);
    }

    assertTrue(
        workers.instances().size() >= 2,
        "only " + workers.instances() + " handled events after " + ids.size() + " events");
    await("the audit group handled every event", () -> audit.containsAll(ids), audit::toString);
    assertEquals(Map.of(), workers.duplicates(), "events handled twice in the competing group");
    assertEquals(ids.size(), workers.count(), "handled count in the competing group");
    assertEquals(Map.of(), audit.duplicates(), "events handled twice in the audit group");
  }

  /**
   * Events without a partition key, published in one burst, are shared by the instances of a group
   * too: each of two instances handles at least a fifth of them. (A Kafka producer left to itself
   * puts a burst of unkeyed records into one partition, so one instance would get it all.) Keyed
   * waves first, until both instances took part, so that the group is assigned before the burst.
   */
  @Test
  void anUnkeyedBurstIsSharedByTheInstances() {
    String topic = newTopic("unkeyed");
    String group = newGroup("workers");
    HandledLog workers = new HandledLog();
    record(startBus(), topic, group, workers, "first");
    record(startBus(), topic, group, workers, "second");
    EventBus publisher = startBus();
    List<String> warmUp = new ArrayList<>();
    for (int wave = 0; wave < MAX_WAVES && workers.instances().size() < 2; wave++) {
      List<Event<ContractEvent>> events = new ArrayList<>();
      for (int i = 0; i < WAVE; i++) {
        events.add(event("key-" + wave + "-" + i, i));
      }
      publishAll(publisher, topic, events).forEach(e -> warmUp.add(e.id()));
      await("the workers handled wave " + wave, () -> workers.containsAll(warmUp));
    }
    int burst = 200;
    List<Event<ContractEvent>> unkeyed = new ArrayList<>();
    for (int i = 0; i < burst; i++) {
      unkeyed.add(event(null, i));
    }
    List<String> ids = new ArrayList<>();
    publishAll(publisher, topic, unkeyed).forEach(e -> ids.add(e.id()));
    await("the burst was handled", () -> workers.containsAll(ids), workers::toString);

    java.util.Set<String> burstIds = new java.util.HashSet<>(ids);
    for (String instance : List.of("first", "second")) {
      int handled =
          workers.count(e -> e.instance().equals(instance) && burstIds.contains(e.eventId()));
      assertTrue(
          handled >= burst / 5,
          instance + " handled " + handled + " of an unkeyed burst of " + burst);
    }
  }

  /**
   * An instance that joins a running group takes a share of the events published after it joined.
   */
  @Test
  void anInstanceJoiningARunningGroupTakesAShare() {
    String topic = newTopic("join");
    String group = newGroup("workers");
    HandledLog workers = new HandledLog();
    record(startBus(), topic, group, workers, "first");
    EventBus publisher = startBus();
    String warmUp = publish(publisher, topic, event("warm-up", 0)).id();
    await("the first instance handled an event", () -> workers.containsAll(List.of(warmUp)));

    record(startBus(), topic, group, workers, "second");
    List<String> ids = new ArrayList<>(List.of(warmUp));
    for (int wave = 0; wave < MAX_WAVES && !workers.instances().contains("second"); wave++) {
      List<Event<ContractEvent>> events = new ArrayList<>();
      for (int i = 0; i < WAVE; i++) {
        events.add(event("key-" + wave + "-" + i, i));
      }
      publishAll(publisher, topic, events).forEach(e -> ids.add(e.id()));
      await("the workers handled wave " + wave, () -> workers.containsAll(ids), workers::toString);
    }

    assertTrue(
        workers.instances().contains("second"),
        "the joining instance handled none of " + ids.size() + " events");
    assertEquals(Map.of(), workers.duplicates(), "events handled twice");
  }
}
