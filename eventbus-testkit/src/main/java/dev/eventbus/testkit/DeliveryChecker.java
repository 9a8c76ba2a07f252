package dev.eventbus.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what a reliability test published and what its handlers handled, by event id, and reports
 * what was lost (acknowledged at publish, never handled), duplicated (handled more than once) and
 * unexpected (handled, never even attempted). Events whose publish failed and that were still
 * delivered are not errors: the publisher could not know.
 *
 * <pre>{@code
 * DeliveryChecker checker = new DeliveryChecker();
 * bus.subscribe("orders", "billing", Order.class, (o, ctx) -> checker.handled(ctx.event().id()));
 * Event<?> sent = bus.publish("orders", order).join();
 * checker.acknowledged(sent.id());
 * checker.awaitAllHandled(Duration.ofSeconds(30));
 * checker.report().assertNothingLost();
 * }</pre>
 *
 * <p>Thread-safe: handlers on any thread and publishers may call it at the same time.
 */
public final class DeliveryChecker {
  private static final int SAMPLE = 10;

  private final Set<String> attempted = ConcurrentHashMap.newKeySet();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
  private final AtomicInteger deliveries = new AtomicInteger();

  /** Creates an empty checker. */
  public DeliveryChecker() {}

  /**
   * Records that a publish of this event id was attempted (it may or may not have been accepted).
   *
   * @param eventId the id
   */
  public void attempted(String eventId) {
    attempted.add(eventId);
  }

  /**
   * Records that the broker acknowledged (durably accepted) this event id at publish.
   *
   * @param eventId the id
   */
  public void acknowledged(String eventId) {
    attempted.add(eventId);
    acknowledged.add(eventId);
    Await.signal();
  }

  /**
   * Records that a handler handled this event id (call it when the handler is about to return
   * normally).
   *
   * @param eventId the id
   */
  public void handled(String eventId) {
    handled.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
    deliveries.incrementAndGet();
    Await.signal();
  }

  /**
   * How many distinct ids were acknowledged at publish.
   *
   * @return the count
   */
  public int acknowledgedCount() {
    return acknowledged.size();
  }

  /**
   * How many times handlers handled anything, duplicates included.
   *
   * @return the count
   */
  public int handledCount() {
    return deliveries.get();
  }

  /**
   * Whether every acknowledged id was handled at least once.
   *
   * @return true if nothing is missing now
   */
  public boolean allAcknowledgedHandled() {
    for (String id : acknowledged) {
      if (!handled.containsKey(id)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until every acknowledged id was handled at least once.
   *
   * @param timeout how long to wait at most
   * @return whether it happened in time
   */
  public boolean awaitAllHandled(Duration timeout) {
    return Await.holdsWithin(timeout, this::allAcknowledgedHandled);
  }

  /**
   * The counts now.
   *
   * @return the report
   */
  public Report report() {
    List<String> lost =
        acknowledged.stream().filter(id -> !handled.containsKey(id)).sorted().toList();
    List<String> unexpected =
        handled.keySet().stream().filter(id -> !attempted.contains(id)).sorted().toList();
    int duplicated = handled.values().stream().mapToInt(c -> c.get() - 1).sum();
    return new Report(
        acknowledged.size(),
        handled.size(),
        deliveries.get(),
        lost.size(),
        duplicated,
        unexpected.size(),
        lost.subList(0, Math.min(SAMPLE, lost.size())),
        unexpected.subList(0, Math.min(SAMPLE, unexpected.size())));
  }

  /**
   * What a {@link DeliveryChecker} counted.
   *
   * @param acknowledged distinct ids acknowledged at publish
   * @param handledDistinct distinct ids handled
   * @param handledTotal handler calls that completed, duplicates included
   * @param lost acknowledged ids never handled
   * @param duplicated handler calls beyond the first per id
   * @param unexpected distinct ids handled that were never attempted
   * @param lostSample up to 10 lost ids
   * @param unexpectedSample up to 10 unexpected ids
   */
  public record Report(
      int acknowledged,
      int handledDistinct,
      int handledTotal,
      int lost,
      int duplicated,
      int unexpected,
      List<String> lostSample,
      List<String> unexpectedSample) {

    /**
     * Fails unless nothing was lost and nothing unexpected was handled. Duplicates are allowed:
     * delivery is at-least-once.
     *
     * @throws AssertionError naming the counts and a sample of the ids
     */
    public void assertNothingLost() {
      if (lost > 0 || unexpected > 0) {
        throw new AssertionError(this.toString());
      }
    }

    /**
     * Fails unless nothing was lost, duplicated or unexpected.
     *
     * @throws AssertionError naming the counts
     */
    public void assertExactlyOnce() {
      if (lost > 0 || unexpected > 0 || duplicated > 0) {
        throw new AssertionError(this.toString());
      }
    }

    @Override
    public String toString() {
      return "acknowledged="
          + acknowledged
          + " handled="
          + handledDistinct
          + " (calls "
          + handledTotal
          + ") lost="
          + lost
          + (lost > 0 ? " " + lostSample : "")
          + " duplicated="
          + duplicated
          + " unexpected="
          + unexpected
          + (unexpected > 0 ? " " + unexpectedSample : "");
    }
  }
}
