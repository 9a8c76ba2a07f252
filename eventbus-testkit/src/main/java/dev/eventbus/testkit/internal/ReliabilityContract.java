package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.BusHealth;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.ContractFeature;
import dev.eventbus.testkit.DeliveryChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Reliability (design.md, "Reliability checks"): whatever fails, an event acknowledged at publish
 * is handled at least once. Each test counts lost, duplicated and unexpected events with a {@link
 * DeliveryChecker}, asserts that none were lost and reports the duplicates.
 */
public abstract class ReliabilityContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected ReliabilityContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * An instance whose handlers hang holds events unacknowledged, then dies (closed without
   * draining): another instance of the group gets every one of them.
   */
  @Test
  void consumerDyingBeforeAckLosesNothing() {
    String topic = newTopic("dying");
    String group = newGroup("workers");
    DeliveryChecker checker = new DeliveryChecker();
    Gate hang = newGate();
    EventBus dying = startBus(fixture.createBroker(), b -> b.closeTimeout(Duration.ZERO));
    subscribe(dying, topic, group, (payload, context) -> hang.pass());
    EventBus publisher = startBus();
    for (int i = 0; i < 20; i++) {
      checker.acknowledged(publish(publisher, topic, event("key-" + i, i)).id());
    }
    await("the dying instance holds events", () -> hang.waiting() > 0);

    EventBus survivor = startBus();
    subscribe(survivor, topic, group, (p, context) -> checker.handled(context.event().id()));
    dying.close();

    await("the survivor handled every event", checker::allAcknowledgedHandled, checker::report);
    printReport("consumer dying before ack", checker.report());
    checker.report().assertNothingLost();
  }

  /**
   * Two instances consume while events are published; one instance's broker connection is closed
   * under it mid-stream, without draining, as when its process dies: nothing is lost.
   */
  @Test
  void consumerConnectionLostMidStreamLosesNothing() {
    String topic = newTopic("lost");
    String group = newGroup("workers");
    DeliveryChecker checker = new DeliveryChecker();
    EventBus doomed = startBus();
    subscribe(doomed, topic, group, (p, context) -> checker.handled(context.event().id()));
    subscribe(startBus(), topic, group, (p, context) -> checker.handled(context.event().id()));
    Duration patience = timeout().multipliedBy(2);

    try (PublisherLoop loop = publishInBackground(topic, 200, checker, patience)) {
      await("a quarter of the events were handled", () -> checker.handledCount() >= 50);
      doomed.broker().close();
      assertTrue(loop.awaitDone(patience), "the publisher did not finish");
    }

    Await.until(
        "every acknowledged event was handled",
        patience,
        checker::allAcknowledgedHandled,
        checker::report);
    printReport("consumer connection lost", checker.report());
    checker.report().assertNothingLost();
  }

  /** (feature BROKER_RESTART) The broker restarts gracefully mid-stream: nothing is lost. */
  @Test
  void brokerRestartMidStreamLosesNothing() throws Exception {
    requireFeature(ContractFeature.BROKER_RESTART);
    survivesBrokerFault("broker restart", fixture::restartBroker);
  }

  /** (feature BROKER_KILL) The broker is killed with SIGKILL mid-stream: nothing is lost. */
  @Test
  void brokerKillMidStreamLosesNothing() throws Exception {
    requireFeature(ContractFeature.BROKER_KILL);
    survivesBrokerFault("broker kill", fixture::killBroker);
  }

  /**
   * (feature BROKER_KILL) While the killed broker is down, the subscription reads FAILING and the
   * bus's health DOWN, its broker part DOWN with the reason; once the broker is back, RUNNING and
   * UP again; events published around the outage are all handled. Each adapter documents how soon
   * it reads FAILING; the fixture's broker must stay down longer than that (a killed broker process
   * takes seconds to start again). A graceful restart is not enough: some fixtures offer it as an
   * instant reconnect, or restart only part of the broker.
   */
  @Test
  void brokerKillReadsFailingThenRunningAndLosesNothing() throws Exception {
    requireFeature(ContractFeature.BROKER_KILL);
    String topic = newTopic("outage");
    String group = newGroup("workers");
    DeliveryChecker checker = new DeliveryChecker();
    EventBus bus = startBus();
    Subscription subscription =
        subscribe(bus, topic, group, (p, context) -> checker.handled(context.event().id()));
    Duration patience = timeout().multipliedBy(3);

    try (PublisherLoop loop = publishInBackground(topic, 300, checker, patience)) {
      await("a third of the events were handled", () -> checker.handledCount() >= 100);
      long killed = System.nanoTime();
      CompletableFuture<Void> outage = inBackground(fixture::killBroker);
      AtomicBoolean seen = new AtomicBoolean();
      Await.until(
          "the subscription reads FAILING while the broker is down",
          patience,
          () -> {
            if (failingWithReason(bus, subscription)) {
              seen.set(true);
            }
            return seen.get() || outage.isDone();
          },
          () -> "state " + subscription.state() + ", health " + bus.health().toJson());
      long failing = System.nanoTime();
      Await.until("the broker is back", patience, outage::isDone);
      join(outage, "killing the broker and starting it again");
      long back = System.nanoTime();
      assertTrue(
          seen.get(),
          "the broker was down for "
              + millis(killed, back)
              + " ms and the subscription never read FAILING with a DOWN broker health and a reason of its own; health "
              + bus.health().toJson());
      Await.until(
          "the subscription reads RUNNING and the bus UP once the broker is back",
          patience,
          () ->
              subscription.state() == SubscriptionState.RUNNING
                  && bus.health().status() == HealthStatus.UP,
          () -> "state " + subscription.state() + ", health " + bus.health().toJson());
      System.out.printf(
          "Broker contract, health under broker kill: FAILING after %d ms, broker back after %d"
              + " ms, RUNNING and UP %d ms later%n",
          millis(killed, failing), millis(killed, back), millis(back, System.nanoTime()));
      assertTrue(loop.awaitDone(patience), "the publisher did not finish");
    }

    Await.until(
        "every acknowledged event was handled",
        patience,
        checker::allAcknowledgedHandled,
        checker::report);
    printReport("broker kill, health", checker.report());
    checker.report().assertNothingLost();
  }

  private static boolean failingWithReason(EventBus bus, Subscription subscription) {
    BusHealth health = bus.health();
    return subscription.state() == SubscriptionState.FAILING
        && health.status() == HealthStatus.DOWN
        && health.brokerHealth().status() == HealthStatus.DOWN
        && !health.brokerHealth().detail().isBlank()
        && health.subscriptions().stream()
            .anyMatch(
                s ->
                    s.topic().equals(subscription.topic())
                        && s.group().equals(subscription.group())
                        && s.detail() != null
                        && !s.detail().isBlank());
  }

  private static CompletableFuture<Void> inBackground(Fault fault) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                fault.inject();
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "contract-broker-fault");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  private void survivesBrokerFault(String fault, Fault inject) throws Exception {
    String topic = newTopic("fault");
    String group = newGroup("workers");
    DeliveryChecker checker = new DeliveryChecker();
    for (int i = 0; i < 2; i++) {
      subscribe(startBus(), topic, group, (p, context) -> checker.handled(context.event().id()));
    }
    Duration patience = timeout().multipliedBy(3);

    try (PublisherLoop loop = publishInBackground(topic, 300, checker, patience)) {
      await("a third of the events were handled", () -> checker.handledCount() >= 100);
      inject.inject();
      assertTrue(loop.awaitDone(patience), "the publisher did not finish");
    }

    Await.until(
        "every acknowledged event was handled",
        patience,
        checker::allAcknowledgedHandled,
        checker::report);
    DeliveryChecker.Report report = checker.report();
    printReport(fault, report);
    assertTrue(report.acknowledged() > 0, "no publish was acknowledged: " + report);
    report.assertNothingLost();
  }

  private PublisherLoop publishInBackground(
      String topic, int count, DeliveryChecker checker, Duration deadline) {
    List<Event<ContractEvent>> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event("key-" + (i % 10), i));
    }
    return new PublisherLoop(startBus(), topic, events, checker, timeout(), deadline);
  }

  private void printReport(String fault, DeliveryChecker.Report report) {
    System.out.println("Broker contract, reliability under " + fault + ": " + report);
  }

  @FunctionalInterface
  private interface Fault {
    void inject() throws Exception;
  }
}
