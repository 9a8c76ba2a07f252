package dev.eventbus.tracing;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleTraceContext;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.util.List;

/**
 * Micrometer Tracing's test tracer wired into an observation registry, with a W3C {@code
 * traceparent} propagator ({@code 00-traceid-spanid-01}) over its trace contexts.
 */
final class TestTracing {
  final SimpleTracer tracer = new SimpleTracer();
  final ObservationRegistry registry = ObservationRegistry.create();

  TestTracing() {
    Propagator propagator = new TraceparentPropagator(tracer);
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
  }

  /** Writes and reads {@code traceparent} only. */
  private record TraceparentPropagator(SimpleTracer tracer) implements Propagator {
    @Override
    public List<String> fields() {
      return List.of("traceparent");
    }

    @Override
    public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
      setter.set(
          carrier, "traceparent", "00-" + context.traceId() + "-" + context.spanId() + "-01");
    }

    @Override
    public <C> Span.Builder extract(C carrier, Getter<C> getter) {
      String value = getter.get(carrier, "traceparent");
      Span.Builder builder = tracer.spanBuilder();
      if (value == null) {
        return builder;
      }
      String[] parts = value.split("-");
      SimpleTraceContext parent = new SimpleTraceContext();
      parent.setTraceId(parts[1]);
      parent.setSpanId(parts[2]);
      parent.setSampled(true);
      return builder.setParent(parent);
    }
  }
}
