package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.HealthStatus;
import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.StartPosition;
import dev.eventbus.testkit.VirtualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle: close drains running handlers and is idempotent and final; a group outlives its
 * instances (and, on persistent brokers, every process); start positions of new groups; a broker
 * client starts once and is closed for good.
 */
public abstract class LifecycleContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected LifecycleContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * close() waits for a running handler; the handler finishes, its event is acknowledged and not
   * delivered again to the next instance of the group.
   */
  @Test
  void closeDrainsInFlightHandlers() throws InterruptedException {
    String topic = newTopic("drain");
    String group = newGroup("drain");
    HandledLog log = new HandledLog();
    Gate gate = newGate();
    EventBus first = startBus();
    subscribe(
        first,
        topic,
        group,
        (payload, context) -> {
          if (payload.note().equals("slow")) {
            gate.pass();
          }
          log.record(context, "first");
        });
    EventBus publisher = startBus();
    Event<?> slow = publish(publisher, topic, event(null, 0, "slow"));
    await("the slow handler is running", () -> gate.waiting() == 1);

    Thread closer = new Thread(first::close, "contract-closer");
    closer.start();
    await(
        "close() is waiting",
        () -> {
          Thread.State state = closer.getState();
          return state != Thread.State.NEW && state != Thread.State.RUNNABLE;
        });
    assertTrue(closer.isAlive(), "close() returned while a handler was still running");
    gate.open();
    closer.join(timeout().toMillis());
    assertFalse(closer.isAlive(), "close() did not return after the handler finished");
    assertEquals(1, log.timesHandled(slow.id()), "the drained handler completed");

    record(startBus(), topic, group, log, "second");
    Event<?> marker = publish(publisher, topic, event(null, 1));
    await("the next instance handled a later event", () -> log.containsAll(List.of(marker.id())));
    assertEquals(1, log.timesHandled(slow.id()), "times the drained event was handled");
  }

  /**
   * A handler still running when close stops waiting for it (after the close timeout) settles
   * nothing, even when it returns later: its event stays with the broker, and the group's next
   * instance handles it.
   */
  @Test
  void anEventWhoseHandlerOutlivesCloseGoesToTheNextInstance() {
    String topic = newTopic("outlived");
    String group = newGroup("outlived");
    HandledLog log = new HandledLog();
    Gate gate = newGate();
    EventBus first = startBus(fixture.createBroker(), b -> b.closeTimeout(Duration.ofMillis(200)));
    subscribe(
        first,
        topic,
        group,
        (payload, context) -> {
          if (payload.note().equals("outlived") && !gate.isOpen()) {
            gate.pass();
          }
          log.record(context, "first");
        });
    EventBus publisher = startBus();
    Event<?> outlived = publish(publisher, topic, event(null, 0, "outlived"));
    await("the handler is running", () -> gate.waiting() == 1);

    first.close(); // gives up on the handler after 200 ms
    gate.open(); // the handler returns after close: its acknowledgement must have no effect

    record(startBus(), topic, group, log, "second");
    await(
        "the next instance handled the event whose handler outlived close",
        () ->
            log.count(e -> e.eventId().equals(outlived.id()) && e.instance().equals("second")) >= 1,
        log::toString);
  }

  /** close() twice is fine; afterwards subscriptions are stopped and publish/subscribe fail. */
  @Test
  void closeIsIdempotentAndFinal() {
    String topic = newTopic("closed");
    EventBus bus = startBus();
    Subscription subscription = record(bus, topic, newGroup("closed"), new HandledLog(), "c");

    bus.close();
    bus.close();

    assertEquals(SubscriptionState.STOPPED, subscription.state(), "subscription state");
    assertPublishFails(bus, topic);
    assertThrows(
        EventBusException.class,
        () -> bus.subscribe(topic, newGroup("late"), ContractEvent.class, (p, c) -> {}),
        "subscribe after close");
  }

  /**
   * Events published while a group has no running instance (after it subscribed once) are delivered
   * when an instance starts again.
   */
  @Test
  void eventsPublishedWhileTheGroupIsDownAreDeliveredLater() {
    String topic = newTopic("down");
    String group = newGroup("down");
    HandledLog log = new HandledLog();
    EventBus first = startBus();
    record(first, topic, group, log, "first");
    EventBus publisher = startBus();
    Event<?> before = publish(publisher, topic, event("key", 0));
    await("the group handled a first event", () -> log.containsAll(List.of(before.id())));
    first.close();

    List<String> ids = publishSome(publisher, topic, 10);
    record(startBus(), topic, group, log, "second");

    await("the restarted group handled every event", () -> log.containsAll(ids), log::toString);
  }

  /**
   * (persistent) A group's events outlive every process: with every bus and broker of the test
   * closed, events published before are delivered by new ones.
   */
  @Test
  void groupOutlivesEveryBusAndBroker() {
    requireCapability(ContractCapability.PERSISTENT);
    String topic = newTopic("durable");
    String group = newGroup("durable");
    HandledLog log = new HandledLog();
    EventBus consumer = startBus();
    record(consumer, topic, group, log, "first");
    EventBus publisher = startBus();
    Event<?> before = publish(publisher, topic, event("key", 0));
    await("the group handled a first event", () -> log.containsAll(List.of(before.id())));
    consumer.close();
    List<String> ids = publishSome(publisher, topic, 10);
    publisher.close();

    record(startBus(), topic, group, log, "second");

    await("a new process handled every event", () -> log.containsAll(ids), log::toString);
  }

  /** (replay) A new group that starts at EARLIEST receives events published before it existed. */
  @Test
  void newGroupStartingAtEarliestReplaysTheTopic() {
    requireCapability(ContractCapability.REPLAY);
    String topic = newTopic("replay");
    HandledLog log = new HandledLog();
    List<String> ids = publishSome(startBus(), topic, 5);

    EventBus late = startBus(options().startPosition(StartPosition.EARLIEST).build());
    record(late, topic, newGroup("late"), log, "late");

    await("the new group handled the earlier events", () -> log.containsAll(ids), log::toString);
  }

  /** A new group that starts at LATEST receives what is published after it subscribed, only. */
  @Test
  void newGroupStartingAtLatestSkipsEarlierEvents() {
    String topic = newTopic("latest");
    HandledLog log = new HandledLog();
    EventBus publisher = startBus();
    HandledLog early = new HandledLog();
    record(startBus(), topic, newGroup("early"), early, "early");
    List<String> before = publishSome(publisher, topic, 3);
    await("an earlier group handled the first events", () -> early.containsAll(before));

    EventBus late = startBus(options().startPosition(StartPosition.LATEST).build());
    record(late, topic, newGroup("late"), log, "late");
    List<String> after = publishSome(publisher, topic, 3);

    await("the new group handled the later events", () -> log.containsAll(after), log::toString);
    // As sets: without ORDERED_BY_KEY (or with concurrency > 1) handling order is not defined.
    assertEquals(Set.copyOf(after), log.ids(), "events the new group handled");
    assertEquals(after.size(), log.count(), "handlings by the new group");
  }

  private List<String> publishSome(EventBus publisher, String topic, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(publish(publisher, topic, event("key", i)).id());
    }
    return ids;
  }

  private void assertPublishFails(EventBus bus, String topic) {
    CompletableFuture<Event<?>> future;
    try {
      future = bus.publish(topic, event(null, 0));
    } catch (EventBusException expected) {
      return;
    }
    try {
      future.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
      fail("publish after close succeeded");
    } catch (ExecutionException e) {
      assertTrue(
          e.getCause() instanceof EventBusException,
          "publish after close failed with " + e.getCause() + ", not an EventBusException");
    } catch (TimeoutException e) {
      fail("publish after close neither failed nor completed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
  }

  /**
   * Health is DOWN before start, UP once started (a broker may need its first answer from the
   * server: waited for up to the delivery timeout), and DOWN after close.
   */
  @Test
  void healthIsDownBeforeStartUpWhileStartedAndDownAfterClose() {
    Broker broker = fixture.createBroker();
    try {
      assertEquals(HealthStatus.DOWN, broker.health().status(), "health before start");
      broker.start(
          new BrokerContext(
              new VirtualClock(),
              new SimpleMeterRegistry(),
              EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
      await(
          "the started broker reports UP",
          () -> broker.health().status() == HealthStatus.UP,
          broker::health);
    } finally {
      broker.close();
    }
    assertEquals(HealthStatus.DOWN, broker.health().status(), "health after close");
  }

  /**
   * A broker client serves one bus: it is DOWN before start; a second start fails, and so does a
   * start after close; close is idempotent; after it the broker is DOWN and every operation fails.
   * For persistent brokers: the in-memory broker is the broker itself, shared by the buses of a
   * test that stand for processes, and counts its users instead.
   */
  @Test
  void aBrokerStartsOnceAndCloseIsFinal() {
    requireCapability(ContractCapability.PERSISTENT);
    Broker broker = fixture.createBroker();
    BrokerContext context =
        new BrokerContext(
            new VirtualClock(),
            new SimpleMeterRegistry(),
            EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT);
    try {
      assertEquals(HealthStatus.DOWN, broker.health().status(), "health before start");
      broker.start(context);
      assertThrows(EventBusException.class, () -> broker.start(context), "a second start");
    } finally {
      broker.close();
    }
    broker.close(); // idempotent
    assertEquals(HealthStatus.DOWN, broker.health().status(), "health after close");
    assertThrows(EventBusException.class, () -> broker.start(context), "a start after close");
    BrokerMessage message =
        BrokerMessage.of(null, java.util.Map.of("id", newId()), java.util.Map.of(), new byte[0]);
    assertFailsAfterClose(() -> broker.send(newTopic("closed"), message, sendDeadline()), "send");
    assertThrows(
        EventBusException.class,
        () ->
            broker.subscribe(
                new ConsumerSpec(
                    newTopic("closed"), newGroup("closed"), 1, StartPosition.LATEST, false),
                d -> {}),
        "subscribe after close");
  }

  private static void assertFailsAfterClose(
      java.util.function.Supplier<CompletableFuture<Void>> operation, String what) {
    CompletableFuture<Void> result;
    try {
      result = operation.get();
    } catch (EventBusException e) {
      return; // refused at once
    }
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS), what);
    assertTrue(
        failed.getCause() instanceof EventBusException,
        what + " after close failed with " + failed.getCause());
  }
}
