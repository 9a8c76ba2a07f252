package dev.eventbus.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A recording of what the harness's bus did (published, consumed or dead-lettered events), with
 * assertions that wait for a match instead of sleeping:
 *
 * <pre>{@code
 * harness.bus().publish("orders", new OrderPlaced("o-1")).join();
 * assertTrue(harness.consumed().any(OrderPlaced.class, o -> o.id().equals("o-1")));
 * DeadLettered d = harness.deadLettered().first(OrderPlaced.class);
 * assertEquals("retries-exhausted", d.reason());
 * }</pre>
 *
 * <p>{@code any} and {@code first} return as soon as a match is recorded, or when the timeout
 * passes (the harness's, or the one given to {@link #within}). {@code none} returns false as soon
 * as a match is recorded, and true once the bus has been inactive (no handler running, no publish
 * pending, nothing recorded) for the harness's inactivity period, or at the timeout.
 *
 * <p>Thread-safe; entries are kept in the order they were recorded.
 *
 * @param <E> the entry type
 */
public final class RecordedList<E extends Recorded> {
  private final String name;
  private final List<E> entries;
  private final Duration timeout;
  private final Duration inactivity;
  private final Activity activity;

  RecordedList(String name, Duration timeout, Duration inactivity, Activity activity) {
    this(name, new ArrayList<>(), timeout, inactivity, activity);
  }

  private RecordedList(
      String name, List<E> entries, Duration timeout, Duration inactivity, Activity activity) {
    this.name = name;
    this.entries = entries;
    this.timeout = timeout;
    this.inactivity = inactivity;
    this.activity = activity;
  }

  void add(E entry) {
    synchronized (entries) {
      entries.add(entry);
    }
    activity.touch();
  }

  /**
   * The same recording, waiting up to another timeout.
   *
   * @param timeout how long {@code any}, {@code first}, {@code none} and {@code awaitCount} wait
   * @return a view sharing this recording's entries
   */
  public RecordedList<E> within(Duration timeout) {
    return new RecordedList<>(name, entries, timeout, inactivity, activity);
  }

  /**
   * Waits for an entry whose payload is of a type.
   *
   * @param type the payload type
   * @return whether one was recorded within the timeout
   */
  public boolean any(Class<?> type) {
    return any(ofType(type, p -> true));
  }

  /**
   * Waits for an entry whose payload is of a type and matches.
   *
   * @param type the payload type
   * @param matching the condition on the payload
   * @param <T> the payload type
   * @return whether one was recorded within the timeout
   */
  public <T> boolean any(Class<T> type, Predicate<? super T> matching) {
    return any(ofType(type, matching));
  }

  /**
   * Waits for a matching entry.
   *
   * @param matching the condition on the entry
   * @return whether one was recorded within the timeout
   */
  public boolean any(Predicate<? super E> matching) {
    return Await.holdsWithin(timeout, () -> find(matching).isPresent());
  }

  /**
   * Waits for the first entry whose payload is of a type.
   *
   * @param type the payload type
   * @return the entry
   * @throws AssertionError listing what was recorded, if none came within the timeout
   */
  public E first(Class<?> type) {
    return first(ofType(type, p -> true), type.getSimpleName());
  }

  /**
   * Waits for the first entry whose payload is of a type and matches.
   *
   * @param type the payload type
   * @param matching the condition on the payload
   * @param <T> the payload type
   * @return the entry
   * @throws AssertionError listing what was recorded, if none came within the timeout
   */
  public <T> E first(Class<T> type, Predicate<? super T> matching) {
    return first(ofType(type, matching), "matching " + type.getSimpleName());
  }

  /**
   * Waits for the first matching entry.
   *
   * @param matching the condition on the entry
   * @return the entry
   * @throws AssertionError listing what was recorded, if none came within the timeout
   */
  public E first(Predicate<? super E> matching) {
    return first(matching, "matching");
  }

  /**
   * Waits until at least {@code count} entries have a payload of a type.
   *
   * @param type the payload type
   * @param count how many
   * @return the first {@code count} of them
   * @throws AssertionError listing what was recorded, if fewer came within the timeout
   */
  public List<E> awaitCount(Class<?> type, int count) {
    Predicate<E> matching = ofType(type, p -> true);
    if (!Await.holdsWithin(timeout, () -> matches(matching).size() >= count)) {
      throw failure(count + " of " + type.getSimpleName() + " (got " + count(type) + ")");
    }
    return matches(matching).subList(0, count);
  }

  /**
   * Waits, up to the inactivity period, to see that no entry has a payload of a type.
   *
   * @param type the payload type
   * @return true if none was recorded
   */
  public boolean none(Class<?> type) {
    return none(ofType(type, p -> true));
  }

  /**
   * Waits, up to the inactivity period, to see that no entry's payload is of a type and matches.
   *
   * @param type the payload type
   * @param matching the condition on the payload
   * @param <T> the payload type
   * @return true if none was recorded
   */
  public <T> boolean none(Class<T> type, Predicate<? super T> matching) {
    return none(ofType(type, matching));
  }

  /**
   * Waits, up to the inactivity period, to see that no entry matches.
   *
   * @param matching the condition on the entry
   * @return true if none was recorded
   */
  public boolean none(Predicate<? super E> matching) {
    Await.holdsWithin(timeout, () -> find(matching).isPresent() || activity.quietFor(inactivity));
    return find(matching).isEmpty();
  }

  /**
   * How many entries there are now.
   *
   * @return the count
   */
  public int count() {
    synchronized (entries) {
      return entries.size();
    }
  }

  /**
   * How many entries have a payload of a type now.
   *
   * @param type the payload type
   * @return the count
   */
  public int count(Class<?> type) {
    return matches(ofType(type, p -> true)).size();
  }

  /**
   * Every entry now, in recording order.
   *
   * @return a snapshot
   */
  public List<E> all() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /**
   * The payloads of a type recorded so far, in recording order.
   *
   * @param type the payload type
   * @param <T> the payload type
   * @return the payloads
   */
  public <T> List<T> payloads(Class<T> type) {
    return matches(ofType(type, p -> true)).stream().map(e -> e.payload(type)).toList();
  }

  @Override
  public String toString() {
    List<E> all = all();
    StringBuilder s = new StringBuilder(name).append(" (").append(all.size()).append(")");
    for (E e : all) {
      s.append(System.lineSeparator()).append("  ").append(describe(e));
    }
    return s.toString();
  }

  private E first(Predicate<? super E> matching, String what) {
    if (!any(matching)) {
      throw failure(what);
    }
    return find(matching).orElseThrow();
  }

  private AssertionError failure(String what) {
    return new AssertionError(
        "No " + what + " entry in " + name + " within " + timeout.toMillis() + " ms; " + this);
  }

  private Optional<E> find(Predicate<? super E> matching) {
    synchronized (entries) {
      return entries.stream().filter(matching).findFirst();
    }
  }

  private List<E> matches(Predicate<? super E> matching) {
    synchronized (entries) {
      return entries.stream().filter(matching).toList();
    }
  }

  private static <E extends Recorded, T> Predicate<E> ofType(
      Class<T> type, Predicate<? super T> matching) {
    return e -> e.hasPayload(type) && matching.test(type.cast(e.event().payload()));
  }

  private static String describe(Recorded e) {
    String what =
        e.event() == null
            ? "<undecodable>"
            : e.event().payload().getClass().getSimpleName() + " " + e.event().id();
    String exception = e.exception() == null ? "" : " failed: " + e.exception();
    String group =
        e instanceof Consumed c
            ? " group " + c.group() + " attempt " + c.attempt()
            : e instanceof DeadLettered d ? " group " + d.group() + " reason " + d.reason() : "";
    return what + " on " + e.topic() + group + exception;
  }
}
