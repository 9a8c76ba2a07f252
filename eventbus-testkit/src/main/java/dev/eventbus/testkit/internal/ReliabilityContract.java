package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.ContractFeature;
import dev.eventbus.testkit.DeliveryChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
