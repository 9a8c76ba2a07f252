package dev.eventbus.testkit.otel;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * What a service wires up to export the bus's observations through Micrometer Tracing's
 * OpenTelemetry bridge: an OpenTelemetry SDK with W3C trace-context and baggage propagation, its
 * spans kept by an in-memory exporter, and an observation registry with the bridge's handlers. Each
 * instance stands for one process.
 */
public final class OpenTelemetryProcess implements AutoCloseable {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final ContextPropagators propagators =
      ContextPropagators.create(
          TextMapPropagator.composite(
              W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));

  /** The registry to hand to {@code EventBus.Builder#observationRegistry}. */
  public final ObservationRegistry registry = ObservationRegistry.create();

  /** Creates the process's SDK and registry. */
  public OpenTelemetryProcess() {
    Tracer otel = provider.get("dev.eventbus.test");
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    OtelTracer tracer =
        new OtelTracer(
            otel, current, event -> {}, new OtelBaggageManager(current, List.of(), List.of()));
    OtelPropagator propagator = new OtelPropagator(propagators, otel);
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
  }

  /**
   * The OpenTelemetry tracer of this process, for spans the test starts itself.
   *
   * @return the tracer
   */
  public Tracer tracer() {
    return provider.get("dev.eventbus.test");
  }

  /**
   * The spans this process ended so far, in the order they ended.
   *
   * @return the exported spans
   */
  public List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  /**
   * The ended spans of a name.
   *
   * @param name the span name
   * @return those spans, in the order they ended
   */
  public List<SpanData> spans(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  @Override
  public void close() {
    provider.close();
  }
}
