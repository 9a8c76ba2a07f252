package dev.eventbus.testkit;

import dev.eventbus.DeliveryContext;
import dev.eventbus.Middleware;
import dev.eventbus.testkit.internal.ObservedBroker;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Fault injection for the harness's bus: fail the next handler calls, or deliver every message
 * twice (as after lost acknowledgements). Obtain it from {@link EventBusHarness#faults()}.
 *
 * <pre>{@code
 * harness.faults().failNext(2, "billing", OrderPlaced.class);  // two failures, then real calls
 * harness.faults().duplicateDeliveries(true);                  // every delivery arrives twice
 * }</pre>
 *
 * <p>Failures are injected by a middleware inside the harness's recording, before the real handler
 * (which is then not called): they are retried and dead-lettered like real failures, and show in
 * {@link EventBusHarness#consumed()} with their {@link InjectedFailureException}. Duplicates are
 * injected by a broker decorator: the second copy of a message arrives after the first was
 * acknowledged and is what the broker finally sees settled.
 *
 * <p>Thread-safe; rules apply from the next delivery on, in the order they were added.
 */
public final class Faults {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final ObservedBroker broker;

  Faults(ObservedBroker broker) {
    this.broker = broker;
  }

  /**
   * Fails the next handler calls of every group and type.
   *
   * @param count how many calls, at least 1
   * @return this
   */
  public Faults failNext(int count) {
    return failNext(count, null, null);
  }

  /**
   * Fails the next handler calls of a group (any payload type).
   *
   * @param count how many calls, at least 1
   * @param group the group, or null for any
   * @return this
   */
  public Faults failNext(int count, String group) {
    return failNext(count, group, null);
  }

  /**
   * Fails the next handler calls of a group for a payload type with {@link
   * InjectedFailureException}, which the default retry policy retries.
   *
   * @param count how many calls, at least 1
   * @param group the group, or null for any
   * @param type the payload type, or null for any
   * @return this
   */
  public Faults failNext(int count, String group, Class<?> type) {
    return failNext(count, group, type, null);
  }

  /**
   * Fails the next handler calls of a group for a payload type with exceptions of your own (a
   * {@link dev.eventbus.NonRetryableException} to test dead-lettering at once, say).
   *
   * @param count how many calls, at least 1
   * @param group the group, or null for any
   * @param type the payload type, or null for any
   * @param failure makes the exception to throw, or null for {@link InjectedFailureException}
   * @return this
   */
  public Faults failNext(
      int count, String group, Class<?> type, Supplier<? extends Exception> failure) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    rules.add(new Rule(count, group, type, failure));
    return this;
  }

  /**
   * Turns duplicate delivery on or off for messages delivered from now on.
   *
   * @param on true to deliver every message twice
   * @return this
   */
  public Faults duplicateDeliveries(boolean on) {
    broker.duplicateDeliveries(on);
    return this;
  }

  /**
   * Failures still to inject, over every rule.
   *
   * @return the count
   */
  public int pendingFailures() {
    return rules.stream().mapToInt(r -> Math.max(0, r.remaining.get())).sum();
  }

  /** Removes every failure rule and turns duplicate delivery off. */
  public void reset() {
    rules.clear();
    broker.duplicateDeliveries(false);
  }

  Middleware middleware() {
    return next ->
        context -> {
          for (Rule rule : rules) {
            Exception failure = rule.take(context);
            if (failure != null) {
              throw failure;
            }
          }
          next.handle(context);
        };
  }

  private static final class Rule {
    final AtomicInteger remaining;
    final int count;
    final String group;
    final Class<?> type;
    final Supplier<? extends Exception> failure;

    Rule(int count, String group, Class<?> type, Supplier<? extends Exception> failure) {
      this.remaining = new AtomicInteger(count);
      this.count = count;
      this.group = group;
      this.type = type;
      this.failure = failure;
    }

    /** The exception to throw for this delivery, or null if the rule does not apply. */
    Exception take(DeliveryContext context) {
      if (group != null && !group.equals(context.group())) {
        return null;
      }
      if (type != null && !type.isInstance(context.event().payload())) {
        return null;
      }
      int left = remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0);
      if (left <= 0) {
        return null;
      }
      if (failure != null) {
        return Objects.requireNonNull(failure.get(), "failure supplier returned null");
      }
      return new InjectedFailureException(
          "injected failure "
              + (count - left + 1)
              + " of "
              + count
              + " in group "
              + context.group()
              + " for event "
              + context.event().id());
    }
  }
}
