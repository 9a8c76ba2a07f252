package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.PublishException;
import dev.eventbus.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Backpressure: a subscription never holds more than {@code maxInFlight} unsettled deliveries (no
 * queue grows without bound), reports them in {@link Subscription#inFlight()}, and runs at most
 * {@code concurrency} handlers at once; a send past its publish deadline fails.
 */
public abstract class BackpressureContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected BackpressureContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * With concurrency 2, maxInFlight 4, blocked handlers and 20 events waiting, the broker hands out
   * exactly 4 deliveries (counted on the broker side), the subscription reports 4 in flight, and
   * the bound holds until every event is handled.
   */
  @Test
  void unsettledDeliveriesNeverExceedMaxInFlight() {
    String topic = newTopic("bounded");
    HandledLog log = new HandledLog();
    Gate gate = newGate();
    InFlightCounter counter = new InFlightCounter();
    GroupOptions options = options().concurrency(2).maxInFlight(4).build();
    EventBus consumer =
        startBus(
            new ObservedBroker(fixture.createBroker(), counter), b -> b.groupDefaults(options));
    Subscription subscription =
        subscribe(
            consumer,
            topic,
            newGroup("bounded"),
            (payload, context) -> {
              gate.pass();
              log.record(context, "consumer");
            });

    publishAll(startBus(), topic, events(20));

    await(
        "2 handlers are blocked and 4 deliveries are unsettled",
        () -> gate.waiting() == 2 && counter.current() == 4,
        counter::toString);
    await(
        "the subscription reports 4 in flight",
        () -> subscription.inFlight() == 4,
        () -> "inFlight() = " + subscription.inFlight());
    assertEquals(4, counter.max(), "most unsettled deliveries at once");
    gate.open();
    await("every event was handled", () -> log.count() >= 20, counter::toString);
    await("nothing is in flight", () -> subscription.inFlight() == 0 && counter.current() == 0);
    assertTrue(counter.max() <= 4, "most unsettled deliveries at once: " + counter.max());
  }

  /**
   * With concurrency 3 and 9 events of different keys behind blocked handlers, exactly 3 handlers
   * run at once, never more.
   */
  @Test
  void handlersRunConcurrentlyUpToTheGroupConcurrency() {
    String topic = newTopic("concurrent");
    HandledLog log = new HandledLog();
    Gate gate = newGate();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    GroupOptions options = options().concurrency(3).maxInFlight(16).build();
    Subscription subscription =
        subscribe(
            startBus(options),
            topic,
            newGroup("concurrent"),
            (payload, context) -> {
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                gate.pass();
              } finally {
                running.decrementAndGet();
              }
              log.record(context, "consumer");
            });

    publishAll(startBus(), topic, events(9));

    await("3 handlers run at once", () -> gate.waiting() == 3, () -> gate.waiting() + " waiting");
    await(
        "more deliveries wait than handlers run",
        () -> subscription.inFlight() > 3,
        () -> "inFlight() = " + subscription.inFlight());
    assertEquals(3, maxRunning.get(), "handlers running at once");
    gate.open();
    await("every event was handled", () -> log.count() >= 9, log::toString);
    assertEquals(3, maxRunning.get(), "handlers running at once");
  }

  /**
   * The publish bound: a send through {@code Broker.send} whose deadline has passed fails with
   * {@link PublishException} and reaches nobody; the next send, within its deadline, is handled.
   */
  @Test
  void aSendPastItsDeadlineFailsAndReachesNobody() throws Exception {
    String topic = newTopic("late");
    String group = newGroup("reader");
    HandledLog log = new HandledLog();
    record(startBus(), topic, group, log, "reader");
    EventBus publisher = startBus();
    Event<?> late = publisher.serializer().complete(event(null, 0));

    CompletableFuture<Void> sent =
        publisher.broker().send(topic, publisher.serializer().encode(late), System.nanoTime() - 1);

    ExecutionException failed =
        assertThrows(
            ExecutionException.class, () -> sent.get(timeout().toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(failed.getCause() instanceof PublishException, "failed with " + failed.getCause());
    Event<?> next = publisher.serializer().complete(event(null, 1));
    join(
        publisher.broker().send(topic, publisher.serializer().encode(next), sendDeadline()),
        "send of the next event");
    await("the next event was handled", () -> log.containsAll(List.of(next.id())), log::toString);
    assertEquals(1, log.count(), "events handled (the late one must not be)");
  }

  private List<Event<ContractEvent>> events(int count) {
    List<Event<ContractEvent>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event("key-" + i, i));
    }
    return events;
  }
}
