package dev.eventbus.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.test.simple.SimpleSpan;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Observability across the broker: the trace context travels in the event's {@code traceparent}
 * through the broker under test, so one trace id goes from publisher to handler to the events the
 * handler publishes; and the core's meters (docs/metrics.md) have the same names, tags and values
 * on every broker after the same traffic.
 */
public abstract class ObservabilityContract extends ContractGroup {
  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected ObservabilityContract(ContractFixture fixture) {
    super(fixture);
  }

  /**
   * Three processes with their own tracers: a publisher, a handler that publishes a follow-up
   * event, and a consumer of that follow-up. Only the broker carries the trace between them.
   */
  @Test
  void traceCrossesTheBrokerFromPublisherToHandlerToWhatItPublishes() {
    String orders = newTopic("traced");
    String followUps = newTopic("traced-next");
    TestTracing publisherSide = new TestTracing();
    TestTracing handlerSide = new TestTracing();
    AtomicReference<Event<?>> followUp = new AtomicReference<>();
    EventBus handlerBus =
        startBus(fixture.createBroker(), b -> b.observationRegistry(handlerSide.registry));
    subscribe(
        handlerBus,
        orders,
        newGroup("traced"),
        (payload, context) ->
            join(context.publish(followUps, event("next", payload.seq())), "follow-up publish"));
    subscribe(startBus(), followUps, newGroup("traced-next"), (p, c) -> followUp.set(c.event()));
    EventBus publisher =
        startBus(fixture.createBroker(), b -> b.observationRegistry(publisherSide.registry));

    Event<?> published =
        Observation.createNotStarted("request", publisherSide.registry)
            .observe(() -> publish(publisher, orders, event("traced", 0)));

    await("the follow-up event arrived", () -> followUp.get() != null);
    // The consumer span ends after the handler returns, so after the follow-up's publish span.
    await(
        "the handler's spans finished",
        () ->
            handlerSide.finished("publish " + followUps) != null
                && handlerSide.finished("process " + orders) != null);
    SimpleSpan publish = publisherSide.finished("publish " + orders);
    SimpleSpan process = handlerSide.finished("process " + orders);
    SimpleSpan next = handlerSide.finished("publish " + followUps);
    assertNotNull(publish, "producer span of the publisher");
    assertNotNull(process, "consumer span of the handler");
    String traceId = publish.context().traceId();
    assertEquals(
        "00-" + traceId + "-" + publish.context().spanId() + "-01",
        published.traceparent(),
        "traceparent written by the producer span");
    assertEquals(Span.Kind.CONSUMER, process.getKind(), "kind of the handler's span");
    assertEquals(traceId, process.context().traceId(), "trace id of the handler's span");
    assertEquals(publish.context().spanId(), process.context().parentId(), "parent of the handler");
    assertEquals(process.context().spanId(), next.context().parentId(), "parent of the follow-up");
    assertEquals(
        "00-" + traceId + "-" + next.context().spanId() + "-01",
        followUp.get().traceparent(),
        "traceparent of the follow-up event, as received");
  }

  /**
   * Three events, one of which fails twice (dead-lettered after two attempts) and is then redriven
   * and handled: every core meter has the documented name, tags and value.
   */
  @Test
  void metersHaveTheDocumentedNamesTagsAndValues() {
    String topic = newTopic("metered");
    String group = newGroup("metered");
    SimpleMeterRegistry consumerMeters = new SimpleMeterRegistry();
    SimpleMeterRegistry publisherMeters = new SimpleMeterRegistry();
    AtomicBoolean failing = new AtomicBoolean(true);
    GroupOptions options = options().concurrency(1).retry(fastRetry(2)).build();
    EventBus consumer =
        startBus(
            fixture.createBroker(),
            b ->
                b.groupDefaults(options)
                    .meterRegistry(consumerMeters)
                    .deadLetterDepthRefresh(Duration.ofMillis(10)));
    HandledLog log = new HandledLog();
    subscribe(
        consumer,
        topic,
        group,
        (payload, context) -> {
          if (payload.note().equals("fail") && failing.get()) {
            throw new IllegalStateException("failing on purpose");
          }
          log.record(context, "c");
        });
    EventBus publisher = startBus(fixture.createBroker(), b -> b.meterRegistry(publisherMeters));

    publish(publisher, topic, event(null, 0));
    String failed = publish(publisher, topic, event(null, 1, "fail")).id();
    publish(publisher, topic, event(null, 2));
    await("two events handled", () -> log.count() == 2, log::toString);
    Meters meters = new Meters(consumerMeters, topic, group);
    await("the failing event was dead-lettered", () -> meters.consumed("dead_lettered") == 1);
    await("the dead-letter gauge counted it", () -> meters.gauge(MeterNames.DEAD_LETTERS) == 1.0);

    assertEquals(3, new Meters(publisherMeters, topic, null).publishes("success"), "publishes");
    assertEquals(0, new Meters(publisherMeters, topic, null).publishes("failure"), "failures");
    assertEquals(2, meters.consumed("acked"), "consumed acked");
    assertEquals(1, meters.consumed("retried"), "consumed retried");
    assertEquals(1, meters.counter(MeterNames.RETRIES), "retries");
    assertEquals(2, meters.handlerCalls("success"), "handler successes");
    assertEquals(2, meters.handlerCalls("failure"), "handler failures");
    assertEquals(
        1, meters.counter(MeterNames.DEAD_LETTERED, "reason", "retries-exhausted"), "reason");
    assertEquals(0.0, meters.gauge(MeterNames.IN_FLIGHT), "in flight");

    failing.set(false);
    assertTrue(
        consumer.deadLetters().redriveOne(topic, group, failed, timeout()), "redriveOne found it");
    await("the redriven event was handled", () -> log.count() == 3, log::toString);
    await("the dead-letter gauge is back to 0", () -> meters.gauge(MeterNames.DEAD_LETTERS) == 0.0);
    assertEquals(1, meters.counter(MeterNames.REDRIVEN), "redriven");
    // The handler records the event before the core acks it and counts the ack: wait for that.
    await("the redriven event was counted as acked", () -> meters.consumed("acked") == 3);
    assertCoreTagsOnly(consumerMeters);
    assertCoreTagsOnly(publisherMeters);
  }

  /**
   * The group's {@value MeterNames#CONSUMER_LAG} gauge (summed over its series: Kafka has one per
   * partition) counts the events waiting for it while its one handler thread is held, and falls to
   * 0 once they are handled. With one event in flight at most, at least all but that one wait on
   * every broker, whether it counts the event in flight (Kafka's committed offset) or not (a
   * queue's ready messages).
   */
  @Test
  void consumerLagCountsTheEventsWaitingForTheGroupAndFallsToZeroOnceHandled() throws Exception {
    String topic = newTopic("lag");
    String group = newGroup("lag");
    SimpleMeterRegistry consumerMeters = new SimpleMeterRegistry();
    EventBus consumer =
        startBus(
            fixture.createBroker(),
            b ->
                b.groupDefaults(options().concurrency(1).maxInFlight(1).build())
                    .meterRegistry(consumerMeters));
    Gate gate = newGate();
    HandledLog log = new HandledLog();
    subscribe(
        consumer,
        topic,
        group,
        (payload, context) -> {
          gate.pass();
          log.record(context, "c");
        });
    EventBus publisher = startBus();
    int events = 5;
    for (int i = 0; i < events; i++) {
      publish(publisher, topic, event(null, i));
    }
    await(
        "the lag gauge counts at least the " + (events - 1) + " events not in flight",
        () -> lag(consumerMeters, topic, group) >= events - 1,
        () -> lag(consumerMeters, topic, group));
    gate.open();
    await("every event was handled", () -> log.count() == events, log::toString);
    await(
        "the lag gauge fell to 0",
        () -> lag(consumerMeters, topic, group) == 0.0,
        () -> lag(consumerMeters, topic, group));
    publisher.close(); // the in-memory fixture's buses share one broker: it closes with the last
    consumer.close();
    assertTrue(
        consumerMeters
            .find(MeterNames.CONSUMER_LAG)
            .tags("topic", topic, "group", group)
            .gauges()
            .isEmpty(),
        "the lag gauge is removed when the broker closes");
  }

  /** The sum of a group's lag series; NaN while none is registered or one is not counted yet. */
  private static double lag(MeterRegistry registry, String topic, String group) {
    var gauges =
        registry.find(MeterNames.CONSUMER_LAG).tags("topic", topic, "group", group).gauges();
    return gauges.isEmpty() ? Double.NaN : gauges.stream().mapToDouble(Gauge::value).sum();
  }

  private static void assertCoreTagsOnly(MeterRegistry registry) {
    Set<String> allowed = Set.of("topic", "group", "outcome", "reason");
    Set<String> core =
        Set.of(
            MeterNames.PUBLISH,
            MeterNames.CONSUMED,
            MeterNames.HANDLER,
            MeterNames.RETRIES,
            MeterNames.DEAD_LETTERED,
            MeterNames.IN_FLIGHT,
            MeterNames.DEAD_LETTERS,
            MeterNames.REDRIVEN);
    for (Meter m : registry.getMeters()) {
      if (core.contains(m.getId().getName())) {
        m.getId()
            .getTags()
            .forEach(
                t ->
                    assertTrue(
                        allowed.contains(t.getKey()),
                        "tag " + t.getKey() + " of " + m.getId().getName()));
      }
    }
  }

  /** Reads the meters of one topic and (optionally) group. */
  private record Meters(MeterRegistry registry, String topic, String group) {
    private Search find(String name, String... tags) {
      Search s = registry.find(name).tag("topic", topic);
      if (group != null) {
        s = s.tag("group", group);
      }
      return s.tags(tags);
    }

    long publishes(String outcome) {
      Timer t = find(MeterNames.PUBLISH, "outcome", outcome).timer();
      return t == null ? 0 : t.count();
    }

    long consumed(String outcome) {
      return counter(MeterNames.CONSUMED, "outcome", outcome);
    }

    long handlerCalls(String outcome) {
      Timer t = find(MeterNames.HANDLER, "outcome", outcome).timer();
      return t == null ? 0 : t.count();
    }

    long counter(String name, String... tags) {
      Counter c = find(name, tags).counter();
      return c == null ? 0 : (long) c.count();
    }

    double gauge(String name) {
      Gauge g = find(name).gauge();
      return g == null ? Double.NaN : g.value();
    }
  }
}
