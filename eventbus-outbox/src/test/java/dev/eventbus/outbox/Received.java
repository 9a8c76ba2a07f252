package dev.eventbus.outbox;

import dev.eventbus.DeliveryContext;
import dev.eventbus.Event;
import dev.eventbus.testkit.Await;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/** What a test's handlers received, in arrival order; every record wakes {@link Await}. */
final class Received {
  /** One delivery: the event's id and key and the payload. */
  record Delivery(String id, String key, Placed payload) {}

  private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

  /** The handler that records. */
  void record(Placed payload, DeliveryContext ctx) {
    Event<?> e = ctx.event();
    deliveries.add(new Delivery(e.id(), e.partitionKey(), payload));
    Await.signal();
  }

  List<Delivery> all() {
    return new ArrayList<>(deliveries);
  }

  int count() {
    return deliveries.size();
  }

  Set<String> ids() {
    Set<String> ids = new HashSet<>();
    deliveries.forEach(d -> ids.add(d.id()));
    return ids;
  }

  /** How many deliveries repeated an id seen before. */
  int repeats() {
    return count() - ids().size();
  }

  /** The payloads' sequence numbers per key, in arrival order. */
  Map<String, List<Integer>> sequencesByKey() {
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (Delivery d : deliveries) {
      byKey.computeIfAbsent(d.payload().key(), k -> new ArrayList<>()).add(d.payload().seq());
    }
    return byKey;
  }
}
