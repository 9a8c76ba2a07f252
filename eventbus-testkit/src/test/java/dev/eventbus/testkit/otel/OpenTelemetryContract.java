package dev.eventbus.testkit.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.ContractFeature;
import dev.eventbus.testkit.internal.ContractFixture;
import dev.eventbus.testkit.internal.ContractGroup;
import io.micrometer.observation.Observation;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bus's spans as an OpenTelemetry SDK exports them through Micrometer Tracing's bridge, across
 * a real broker: one trace from publish to handler, the messaging semantic conventions' span names,
 * kinds and attributes, W3C {@code tracestate} and baggage arriving intact, and retries and
 * redrives continuing the original trace. Each bus has its own SDK, as separate processes would:
 * only the broker carries the trace between them.
 *
 * <p>An adapter's test extends it, says how to reach its broker and what its spans name the
 * messaging system.
 */
public abstract class OpenTelemetryContract extends ContractGroup {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  private static final AttributeKey<String> GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  private static final AttributeKey<String> MESSAGE_ID =
      AttributeKey.stringKey("messaging.message.id");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final List<OpenTelemetryProcess> processes = new CopyOnWriteArrayList<>();

  /** Creates the contract over the subclass's broker. */
  protected OpenTelemetryContract() {
    this(new Fixture());
  }

  private OpenTelemetryContract(Fixture fixture) {
    super(fixture);
    fixture.owner = this;
  }

  /**
   * A new, unstarted broker connected to the broker under test.
   *
   * @return the broker
   */
  protected abstract Broker createBroker();

  /**
   * The {@code messaging.system} of the spans of publishing.
   *
   * @return for example {@code kafka}
   */
  protected abstract String publishingSystem();

  /**
   * The {@code messaging.system} of the spans of processing: by default the publishing one.
   *
   * @return for example {@code aws_sqs}
   */
  protected String consumingSystem() {
    return publishingSystem();
  }

  /**
   * Attributes the broker adds to every span of processing, by name: each must be present.
   *
   * @return the names, none by default
   */
  protected Set<String> brokerAttributes() {
    return Set.of();
  }

  /**
   * How long to wait for an expected delivery.
   *
   * @return the timeout, 10 seconds by default
   */
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(10);
  }

  @AfterEach
  void closeProcesses() {
    processes.forEach(OpenTelemetryProcess::close);
  }

  @Test
  void oneTraceFromPublishToHandlerNamedAsTheMessagingConventions() {
    String topic = newTopic("otel");
    String group = newGroup("otel");
    OpenTelemetryProcess publisherSide = process();
    OpenTelemetryProcess handlerSide = process();
    AtomicReference<Event<?>> received = new AtomicReference<>();
    EventBus handler = startBus(createBroker(), b -> b.observationRegistry(handlerSide.registry));
    subscribe(handler, topic, group, (payload, context) -> received.set(context.event()));
    EventBus publisher =
        startBus(createBroker(), b -> b.observationRegistry(publisherSide.registry));

    Event<?> published =
        Observation.createNotStarted("request", publisherSide.registry)
            .observe(() -> publish(publisher, topic, event(null, 0)));

    SpanData process = awaitSpan(handlerSide, "process " + topic, 1).get(0);
    SpanData publish = publisherSide.spans("publish " + topic).get(0);
    SpanData request = publisherSide.spans("request").get(0);
    print(publish, process);
    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(publish.getAttributes().asMap())
        .containsEntry(SYSTEM, publishingSystem())
        .containsEntry(DESTINATION, topic)
        .containsEntry(OPERATION_TYPE, "send")
        .containsEntry(OPERATION_NAME, "publish")
        .containsEntry(MESSAGE_ID, published.id());
    assertThat(published.traceparent())
        .isEqualTo("00-" + publish.getTraceId() + "-" + publish.getSpanId() + "-01");

    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(process.getAttributes().asMap())
        .containsEntry(SYSTEM, consumingSystem())
        .containsEntry(DESTINATION, topic)
        .containsEntry(GROUP, group)
        .containsEntry(OPERATION_TYPE, "process")
        .containsEntry(OPERATION_NAME, "process")
        .containsEntry(MESSAGE_ID, published.id())
        .doesNotContainKey(ERROR_TYPE);
    Set<String> names =
        process.getAttributes().asMap().keySet().stream()
            .map(AttributeKey::getKey)
            .collect(java.util.stream.Collectors.toSet());
    assertThat(names).containsAll(brokerAttributes());
    assertThat(received.get().traceparent()).isEqualTo(published.traceparent());
  }

  /**
   * The publisher continues a request that came with a {@code tracestate} and baggage, as a web
   * request handled by an instrumented server does; the handler sees both as they were.
   */
  @Test
  void tracestateAndBaggageArriveIntact() {
    String topic = newTopic("otel-baggage");
    OpenTelemetryProcess publisherSide = process();
    OpenTelemetryProcess handlerSide = process();
    AtomicReference<String> baggageInHandler = new AtomicReference<>();
    AtomicReference<TraceState> stateInHandler = new AtomicReference<>();
    AtomicReference<Event<?>> received = new AtomicReference<>();
    EventBus handler = startBus(createBroker(), b -> b.observationRegistry(handlerSide.registry));
    subscribe(
        handler,
        topic,
        newGroup("otel-baggage"),
        (payload, context) -> {
          baggageInHandler.set(Baggage.current().getEntryValue("tenant"));
          stateInHandler.set(Span.current().getSpanContext().getTraceState());
          received.set(context.event());
        });
    EventBus publisher =
        startBus(createBroker(), b -> b.observationRegistry(publisherSide.registry));
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.builder().put("vendor", "v1").build());
    Context incoming =
        Context.root()
            .with(Span.wrap(remote))
            .with(Baggage.builder().put("tenant", "acme").put("plan", "gold").build());

    Event<?> published;
    try (Scope ignored = incoming.makeCurrent()) {
      published = publish(publisher, topic, event(null, 0));
    }

    await("the handler ran", () -> received.get() != null);
    SpanData publish = publisherSide.spans("publish " + topic).get(0);
    SpanData process = awaitSpan(handlerSide, "process " + topic, 1).get(0);
    assertThat(publish.getTraceId()).isEqualTo(remote.getTraceId());
    assertThat(publish.getParentSpanId()).isEqualTo(remote.getSpanId());
    assertThat(published.tracestate()).isEqualTo("vendor=v1");
    assertThat(published.headers().get("baggage")).contains("tenant=acme").contains("plan=gold");
    assertThat(process.getTraceId()).isEqualTo(remote.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(received.get().tracestate()).isEqualTo("vendor=v1");
    assertThat(received.get().headers())
        .containsEntry("baggage", published.headers().get("baggage"));
    assertThat(stateInHandler.get().asMap()).isEqualTo(Map.of("vendor", "v1"));
    assertThat(baggageInHandler.get()).isEqualTo("acme");
  }

  /**
   * A failed attempt records the error, and the retry that follows continues the same trace under
   * the same publish span; so does the attempt after a redrive of its dead letter.
   */
  @Test
  void retriesAndRedrivesContinueTheTraceOfTheOriginalPublish() {
    String topic = newTopic("otel-retry");
    String group = newGroup("otel-retry");
    OpenTelemetryProcess publisherSide = process();
    OpenTelemetryProcess handlerSide = process();
    GroupOptions twoAttempts = options().concurrency(1).retry(fastRetry(2)).build();
    AtomicReference<Boolean> failing = new AtomicReference<>(true);
    EventBus handler =
        startBus(
            createBroker(),
            b -> b.groupDefaults(twoAttempts).observationRegistry(handlerSide.registry));
    subscribe(
        handler,
        topic,
        group,
        (payload, context) -> {
          if (failing.get()) {
            throw new IllegalStateException("failing on purpose");
          }
        });
    EventBus publisher =
        startBus(createBroker(), b -> b.observationRegistry(publisherSide.registry));

    Event<?> published = publish(publisher, topic, event(null, 0));
    List<SpanData> attempts = awaitSpan(handlerSide, "process " + topic, 2);
    await(
        "the event was dead-lettered",
        () -> handler.deadLetters().count(topic, group) == 1,
        () -> handler.deadLetters().count(topic, group));
    failing.set(false);
    assertThat(handler.deadLetters().redriveOne(topic, group, published.id(), timeout())).isTrue();
    List<SpanData> all = awaitSpan(handlerSide, "process " + topic, 3);

    SpanData publish = publisherSide.spans("publish " + topic).get(0);
    assertThat(all)
        .allSatisfy(
            s -> {
              assertThat(s.getTraceId()).isEqualTo(publish.getTraceId());
              assertThat(s.getParentSpanId()).isEqualTo(publish.getSpanId());
            });
    assertThat(attempts)
        .allSatisfy(
            s -> {
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
              assertThat(s.getAttributes().get(ERROR_TYPE))
                  .isEqualTo(IllegalStateException.class.getName());
              assertThat(s.getEvents()).anyMatch(e -> e.getName().equals("exception"));
            });
    SpanData redriven = all.get(2);
    assertThat(redriven.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(redriven.getAttributes().get(MESSAGE_ID)).isEqualTo(published.id());
  }

  private OpenTelemetryProcess process() {
    OpenTelemetryProcess p = new OpenTelemetryProcess();
    processes.add(p);
    return p;
  }

  private List<SpanData> awaitSpan(OpenTelemetryProcess process, String name, int count) {
    await(
        count + " ended span(s) " + name,
        () -> process.spans(name).size() >= count,
        process::spans);
    return process.spans(name);
  }

  /** Shows the spans in the test's output, for the reader of a report. */
  private void print(SpanData... spans) {
    for (SpanData s : spans) {
      System.out.println(
          getClass().getSimpleName()
              + ": "
              + s.getName()
              + " kind="
              + s.getKind()
              + " trace="
              + s.getTraceId()
              + " span="
              + s.getSpanId()
              + " parent="
              + s.getParentSpanId()
              + " "
              + new java.util.TreeMap<>(
                  s.getAttributes().asMap().entrySet().stream()
                      .collect(
                          java.util.stream.Collectors.toMap(
                              e -> e.getKey().getKey(), e -> String.valueOf(e.getValue())))));
    }
  }

  private static final class Fixture implements ContractFixture {
    private OpenTelemetryContract owner;

    @Override
    public Broker createBroker() {
      return owner.createBroker();
    }

    @Override
    public Set<ContractFeature> features() {
      return Set.of();
    }

    @Override
    public void restartBroker() {
      throw new UnsupportedOperationException("not needed by this contract");
    }

    @Override
    public void killBroker() {
      throw new UnsupportedOperationException("not needed by this contract");
    }

    @Override
    public Duration deliveryTimeout() {
      return owner.deliveryTimeout();
    }

    @Override
    public GroupOptions baseGroupOptions() {
      return GroupOptions.ofDefaults();
    }
  }
}
