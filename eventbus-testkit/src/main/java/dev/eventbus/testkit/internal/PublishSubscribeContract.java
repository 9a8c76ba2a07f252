package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.testkit.Await;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Publish-subscribe: one event reaches every group of its topic; publishing completes with the
 * event as published; its attributes survive the broker.
 */
public abstract class PublishSubscribeContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected PublishSubscribeContract(ContractFixture fixture) {
    super(fixture);
  }

  /** Three groups, each in its own process, each handle every one of 20 events exactly once. */
  @Test
  void everyGroupReceivesEveryEventOnce() {
    String topic = newTopic("fanout");
    HandledLog log = new HandledLog();
    List<String> groups = List.of(newGroup("a"), newGroup("b"), newGroup("c"));
    for (String group : groups) {
      record(startBus(), topic, group, log, group);
    }
    EventBus publisher = startBus();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(publish(publisher, topic, event("key-" + (i % 5), i)).id());
    }
    await(
        "each of 3 groups handled all 20 events",
        () -> log.count() >= 60 && groups.stream().allMatch(g -> idsOf(log, g).containsAll(ids)),
        log::toString);
    for (String group : groups) {
      assertEquals(
          20,
          log.count(e -> e.group().equals(group)),
          "group " + group + " handled an event more than once: " + log.duplicates());
    }
  }

  /**
   * The publish future completes with the event as published (id, source, type, time, version,
   * content type filled in), and the handler receives the same attributes, headers and payload.
   */
  @Test
  void publishedAttributesAndHeadersReachTheHandler() {
    String topic = newTopic("attributes");
    AtomicReference<Event<?>> received = new AtomicReference<>();
    subscribe(
        startBus(),
        topic,
        newGroup("reader"),
        (payload, context) -> {
          received.set(context.event());
          Await.signal();
        });
    Event<ContractEvent> sent =
        Event.builder(new ContractEvent("customer-7", 7, "attributes"))
            .id(newId())
            .partitionKey("customer-7")
            .subject("order-7")
            .correlationId("correlation-7")
            .header("tenant", "acme")
            .build();

    Event<?> published = publish(startBus(), topic, sent);

    assertEquals(sent.id(), published.id(), "id");
    assertEquals(ContractEvent.TYPE, published.type(), "type");
    assertEquals(Event.SPEC_VERSION, published.specVersion(), "specversion");
    assertEquals(1, published.eventVersion(), "eventversion");
    assertNotNull(published.source(), "source");
    assertNotNull(published.time(), "time");
    assertNotNull(published.dataContentType(), "datacontenttype");
    await("the handler received the event", () -> received.get() != null);
    Event<?> got = received.get();
    assertEquals(published.id(), got.id(), "id");
    assertEquals(published.source(), got.source(), "source");
    assertEquals(published.type(), got.type(), "type");
    assertEquals(published.eventVersion(), got.eventVersion(), "eventversion");
    assertEquals(
        published.time().truncatedTo(ChronoUnit.MILLIS),
        got.time().truncatedTo(ChronoUnit.MILLIS),
        "time");
    assertEquals("order-7", got.subject(), "subject");
    assertEquals("customer-7", got.partitionKey(), "partitionkey");
    assertEquals("correlation-7", got.correlationId(), "correlationid");
    assertEquals("acme", got.headers().get("tenant"), "header tenant");
    assertEquals(sent.payload(), got.payload(), "payload");
  }

  /** publishAll returns one future per event, in order; every event is delivered once. */
  @Test
  void publishAllDeliversEveryEventOnce() {
    String topic = newTopic("batch");
    HandledLog log = new HandledLog();
    record(startBus(), topic, newGroup("reader"), log, "reader");
    List<Event<ContractEvent>> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(event("key-" + (i % 3), i));
    }

    List<Event<?>> published = publishAll(startBus(), topic, batch);

    assertEquals(
        batch.stream().map(Event::id).toList(),
        published.stream().map(Event::id).toList(),
        "one completed future per event, in order");
    List<String> ids = published.stream().map(Event::id).toList();
    await("all 10 events were handled", () -> log.containsAll(ids), log::toString);
    assertEquals(10, log.count(), "events handled more than once: " + log.duplicates());
  }

  private static List<String> idsOf(HandledLog log, String group) {
    return log.entries().stream()
        .filter(e -> e.group().equals(group))
        .map(HandledLog.Entry::eventId)
        .toList();
  }
}
