package dev.eventbus.testkit.internal;

import dev.eventbus.DeliveryContext;
import dev.eventbus.Event;
import dev.eventbus.testkit.Await;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the handlers of a contract test saw, in the order they recorded it. Handlers call {@link
 * #record} when they complete normally; every record wakes {@link Await} waiters. Thread-safe.
 */
public final class HandledLog {
  /**
   * One handled delivery.
   *
   * @param eventId the event id
   * @param key the payload's key
   * @param seq the payload's sequence number
   * @param note the payload's note
   * @param attempt the attempt number the delivery context reported
   * @param instance the label of the bus (simulated process) that handled it
   * @param group the group
   */
  public record Entry(
      String eventId,
      String key,
      int seq,
      String note,
      int attempt,
      String instance,
      String group) {}

  private final List<Entry> entries = new ArrayList<>();

  /**
   * Records a delivery of a {@link ContractEvent}.
   *
   * @param context the handler's delivery context
   * @param instance the label of the handling bus
   * @return the entry
   */
  public Entry record(DeliveryContext context, String instance) {
    Event<?> event = context.event();
    ContractEvent payload = (ContractEvent) event.payload();
    Entry entry =
        new Entry(
            event.id(),
            payload.key(),
            payload.seq(),
            payload.note(),
            context.attempt(),
            instance,
            context.group());
    synchronized (entries) {
      entries.add(entry);
    }
    Await.signal();
    return entry;
  }

  /**
   * A snapshot of every entry, in record order.
   *
   * @return the entries
   */
  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /**
   * How many deliveries were recorded.
   *
   * @return the count
   */
  public int count() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /**
   * How many recorded deliveries match.
   *
   * @param filter which entries count
   * @return the count
   */
  public int count(Predicate<Entry> filter) {
    return (int) entries().stream().filter(filter).count();
  }

  /**
   * The distinct event ids recorded.
   *
   * @return the ids, in first-record order
   */
  public Set<String> ids() {
    return entries().stream()
        .map(Entry::eventId)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * Whether every one of some ids was recorded at least once.
   *
   * @param expected the ids
   * @return true if all were seen
   */
  public boolean containsAll(Collection<String> expected) {
    return ids().containsAll(expected);
  }

  /**
   * How often one event was recorded.
   *
   * @param eventId the id
   * @return the count
   */
  public int timesHandled(String eventId) {
    return count(e -> e.eventId().equals(eventId));
  }

  /**
   * Event ids recorded more than once, with their counts.
   *
   * @return the duplicates
   */
  public Map<String, Long> duplicates() {
    Map<String, Long> counts =
        entries().stream()
            .collect(
                Collectors.groupingBy(Entry::eventId, LinkedHashMap::new, Collectors.counting()));
    counts.values().removeIf(c -> c < 2);
    return counts;
  }

  /**
   * The sequence numbers recorded for one key, in record order.
   *
   * @param key the key
   * @return the sequence numbers
   */
  public List<Integer> seqsOfKey(String key) {
    return entries().stream().filter(e -> key.equals(e.key())).map(Entry::seq).toList();
  }

  /**
   * The instances that recorded at least one delivery.
   *
   * @return the instance labels
   */
  public Set<String> instances() {
    return entries().stream().map(Entry::instance).collect(Collectors.toSet());
  }

  @Override
  public String toString() {
    List<Entry> all = entries();
    return "handled " + all.size() + (all.size() <= 20 ? ": " + all : " deliveries");
  }
}
