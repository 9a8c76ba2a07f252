package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.ConfigurationException;
import dev.eventbus.DeadLetter;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventSerializer;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.testkit.DeliveryChecker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input never stops a consumer: messages sent straight through {@code Broker.send} with
 * malformed bytes, missing attributes, an unknown type or a payload of the wrong shape are
 * dead-lettered at once as {@code undecodable}, untouched, and good events keep flowing, also on
 * the poison messages' key. An event over the broker's size limit is refused at publish, and a name
 * the broker cannot take at subscribe and at publish.
 */
public abstract class BadInputContract extends ContractGroup {
  private static final String KEY = "shared-key";

  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected BadInputContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * Five kinds of poison among good events of the same key (malformed bytes, missing attributes, an
   * unknown type, a payload of the wrong shape, an id that was not UTF-8): every good event is
   * handled, every poison message is dead-lettered after one attempt with reason {@code
   * undecodable}, its body untouched.
   */
  @Test
  void poisonMessagesAreDeadLetteredAndGoodEventsKeepFlowing() {
    String topic = newTopic("poison");
    String group = newGroup("reader");
    HandledLog log = new HandledLog();
    EventBus consumer = startBus(options().retry(fastRetry(3)).build());
    record(consumer, topic, group, log, "reader");
    EventBus publisher = startBus();
    List<BrokerMessage> poison = poisonMessages(publisher.serializer());
    List<String> good = new ArrayList<>();

    for (int i = 0; i < poison.size(); i++) {
      good.add(publish(publisher, topic, event(KEY, i)).id());
      join(
          publisher.broker().send(topic, poison.get(i), sendDeadline()),
          "send of poison " + poison.get(i));
    }
    good.add(publish(publisher, topic, event(KEY, poison.size())).id());

    await("every good event was handled", () -> log.containsAll(good), log::toString);
    await(
        "every poison message is dead-lettered",
        () -> consumer.deadLetters().count(topic, group) >= poison.size(),
        () -> consumer.deadLetters().list(topic, group, 10));
    for (BrokerMessage sent : poison) {
      DeadLetter letter = consumer.deadLetters().inspect(topic, group, sent.id()).orElseThrow();
      assertEquals("undecodable", letter.reason(), "reason of " + sent);
      assertEquals(1, letter.attempts(), "attempts of " + sent);
      assertEquals(topic, letter.topic(), "topic of " + sent);
      assertEquals(group, letter.group(), "group of " + sent);
      assertNotNull(letter.exceptionClass(), "exception class of " + sent);
      assertArrayEquals(sent.body(), letter.message().body(), "body of " + sent);
    }
    assertEquals(good.size(), log.count(), "good events handled twice: " + log.duplicates());
  }

  /**
   * An event over the broker's size limit fails to publish with {@link EventTooLargeException}
   * naming its size and the limit, and is delivered to nobody; the next event flows. Needs bytes to
   * measure (not for events by reference) and a limit a test can exceed (16 MiB at most).
   */
  @Test
  void anEventOverTheSizeLimitFailsToPublishAndReachesNobody() throws Exception {
    long limit = capabilities().maxMessageBytes();
    Assumptions.assumeFalse(
        capabilities().eventsByReference(), "events travel by reference: no bytes to limit");
    Assumptions.assumeTrue(
        limit <= 16 << 20,
        () -> "the broker's limit of " + limit + " bytes is too large to exceed");
    String topic = newTopic("oversized");
    String group = newGroup("reader");
    HandledLog log = new HandledLog();
    EventBus consumer = startBus();
    record(consumer, topic, group, log, "reader");
    EventBus publisher = startBus();

    CompletableFuture<Event<?>> big =
        publisher.publish(topic, new ContractEvent(null, 0, "x".repeat((int) limit + 1)));

    ExecutionException failed =
        assertThrows(
            ExecutionException.class, () -> big.get(timeout().toMillis(), TimeUnit.MILLISECONDS));
    assertTrue(
        failed.getCause() instanceof EventTooLargeException, "failed with " + failed.getCause());
    assertTrue(
        failed.getCause().getMessage().contains(Long.toString(limit)),
        "names the limit: " + failed.getCause().getMessage());
    Event<?> next = publish(publisher, topic, event(null, 1));
    await("the next event was handled", () -> log.containsAll(List.of(next.id())), log::toString);
    assertEquals(1, log.count(), "events handled (the oversized one must not be)");
  }

  /**
   * A burst of poison messages larger than the in-flight bound, then good events: the poison is
   * settled (dead-lettered), so it never fills the consumer, and every good event is handled.
   */
  @Test
  void aBurstOfPoisonDoesNotStopTheConsumer() {
    String topic = newTopic("burst");
    String group = newGroup("reader");
    DeliveryChecker checker = new DeliveryChecker();
    EventBus consumer = startBus(options().concurrency(2).maxInFlight(4).build());
    subscribe(consumer, topic, group, (payload, context) -> checker.handled(context.event().id()));
    EventBus publisher = startBus();
    BrokerMessage template = publisher.serializer().encode(complete(publisher, KEY, 0));
    int burst = 20;

    for (int i = 0; i < burst; i++) {
      BrokerMessage garbage = withBody(withId(template, newId()), "\u0000not json{");
      join(publisher.broker().send(topic, garbage, sendDeadline()), "send of poison " + i);
    }
    for (int i = 0; i < burst; i++) {
      String id = publish(publisher, topic, event(KEY, i)).id();
      checker.acknowledged(id);
    }

    await("every good event was handled", checker::allAcknowledgedHandled, checker::report);
    await(
        "every poison message is dead-lettered",
        () -> consumer.deadLetters().count(topic, group) >= burst,
        () -> consumer.deadLetters().count(topic, group) + " dead letters");
    checker.report().assertNothingLost();
  }

  /**
   * A topic or group name that no broker takes (one with a line break, one of 300 characters) fails
   * with {@link ConfigurationException} naming it as given: at subscribe before the bus starts, at
   * subscribe after, and at every publish; a good name on the same bus still works.
   */
  @Test
  void aNameNoBrokerTakesIsRefusedAtSubscribeBeforeAndAfterStartAndAtPublish() throws Exception {
    String topic = newTopic("names");
    String group = newGroup("reader");
    List<String> refused = List.of(topic + "\nline-two", "t".repeat(300));
    EventBus.Builder builder = EventBus.builder().registerType(ContractEvent.class);
    try (EventBus bus = builder.broker(fixture.createBroker()).closeTimeout(timeout()).build()) {
      for (String name : refused) {
        assertRefused(() -> bus.subscribe(name, group, ContractEvent.class, (p, c) -> {}), name);
        assertRefused(() -> bus.subscribe(topic, name, ContractEvent.class, (p, c) -> {}), name);
      }
      bus.start();
      for (String name : refused) {
        assertRefused(() -> bus.subscribe(name, group, ContractEvent.class, (p, c) -> {}), name);
        assertRefused(() -> bus.subscribe(topic, name, ContractEvent.class, (p, c) -> {}), name);
        for (int i = 0; i < 2; i++) {
          CompletableFuture<Event<?>> published = bus.publish(name, event(null, i));
          assertRefused(() -> published.get(timeout().toMillis(), TimeUnit.MILLISECONDS), name);
        }
      }
      assertTrue(bus.subscriptions().isEmpty(), "subscriptions: " + bus.subscriptions());
      HandledLog log = new HandledLog();
      record(bus, topic, group, log, "reader");
      Event<?> good = publish(bus, topic, event(null, 0));
      await("the good name works", () -> log.containsAll(List.of(good.id())), log::toString);
    }
  }

  private static void assertRefused(Executable call, String name) {
    Throwable failure =
        assertThrows(Throwable.class, call, "refused: " + name.replace("\n", "\\n"));
    if (failure instanceof ExecutionException) {
      failure = failure.getCause();
    }
    assertTrue(failure instanceof ConfigurationException, "failed with " + failure);
    assertTrue(
        failure.getMessage().contains("'" + name + "'"),
        "names '" + name + "': " + failure.getMessage());
  }

  private List<BrokerMessage> poisonMessages(EventSerializer serializer) {
    BrokerMessage valid = serializer.encode(serializer.complete(event(KEY, 0)));
    Map<String, String> onlyId = Map.of("id", newId());
    Map<String, String> unknownType = new LinkedHashMap<>(valid.attributes());
    unknownType.put("id", newId());
    unknownType.put("type", "dev.eventbus.testkit.NoSuchType");
    return List.of(
        withBody(withId(valid, newId()), "\u0000not json{"),
        BrokerMessage.of(KEY, onlyId, valid.headers(), valid.body()),
        BrokerMessage.of(KEY, unknownType, valid.headers(), valid.body()),
        withBody(withId(valid, newId()), "[\"an array, not an object\"]"),
        // what a broker's UTF-8 decoding makes of an id whose bytes are not UTF-8
        withId(valid, newId() + "\uFFFD"));
  }

  private dev.eventbus.Event<?> complete(EventBus bus, String key, int seq) {
    return bus.serializer().complete(event(key, seq));
  }

  private static BrokerMessage withId(BrokerMessage message, String id) {
    Map<String, String> attributes = new LinkedHashMap<>(message.attributes());
    attributes.put("id", id);
    return BrokerMessage.of(message.key(), attributes, message.headers(), message.body());
  }

  private static BrokerMessage withBody(BrokerMessage message, String body) {
    return BrokerMessage.of(
        message.key(),
        message.attributes(),
        message.headers(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
