package dev.eventbus.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.test.simple.SimpleSpan;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TracingTest {
  record OrderPlaced(String orderId) {}

  record Invoiced(String orderId) {}

  @Test
  void oneTraceFromPublisherThroughHandlerToTheEventsItPublishes() throws Exception {
    TestTracing tracing = new TestTracing();
    try (EventBus bus = EventBus.builder().observationRegistry(tracing.registry).build()) {
      CompletableFuture<Event<?>> invoice = new CompletableFuture<>();
      bus.subscribe(
          "orders",
          "billing",
          OrderPlaced.class,
          (o, ctx) -> ctx.publish("invoices", new Invoiced(o.orderId())).join());
      bus.subscribe("invoices", "audit", Invoiced.class, (i, ctx) -> invoice.complete(ctx.event()));
      bus.start();

      // As a web request would: the publish is a child of the current observation.
      Event<?> order =
          Observation.createNotStarted("request", tracing.registry)
              .observe(() -> bus.publish("orders", new OrderPlaced("o-1")))
              .get(5, TimeUnit.SECONDS);
      Event<?> invoiced = invoice.get(5, TimeUnit.SECONDS);

      assertThat(order.traceparent()).matches("00-[0-9a-f]+-[0-9a-f]+-01");
      String traceId = order.traceparent().split("-")[1];
      assertThat(invoiced.traceparent().split("-")[1]).isEqualTo(traceId);
      SimpleSpan publish = span(tracing, "publish orders");
      SimpleSpan process = span(tracing, "process orders");
      SimpleSpan caused = span(tracing, "publish invoices");
      assertThat(publish.context().parentId())
          .isEqualTo(span(tracing, "request").context().spanId());
      assertThat(publish.getKind()).isEqualTo(Span.Kind.PRODUCER);
      assertThat(process.getKind()).isEqualTo(Span.Kind.CONSUMER);
      assertThat(process.context().parentId()).isEqualTo(publish.context().spanId());
      assertThat(caused.context().parentId()).isEqualTo(process.context().spanId());
      assertThat(List.of(publish, process, caused))
          .allSatisfy(s -> assertThat(s.context().traceId()).isEqualTo(traceId));
      assertThat(process.getTags()).containsEntry("messaging.consumer.group.name", "billing");
    }
  }

  @Test
  void withoutARegistryNothingIsObservedAndNoTraceparentIsWritten() throws Exception {
    try (EventBus bus = EventBus.builder().build()) {
      Event<?> event = bus.publish("orders", new OrderPlaced("o-1")).get(5, TimeUnit.SECONDS);
      assertThat(event.traceparent()).isNull();
    }
  }

  private static SimpleSpan span(TestTracing tracing, String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      for (SimpleSpan s : tracing.tracer.getSpans()) {
        if (name.equals(s.getName()) && s.getEndTimestamp().toEpochMilli() > 0) {
          return s;
        }
      }
      synchronized (tracing) {
        tracing.wait(10);
      }
    }
    throw new AssertionError("No finished span " + name + " in " + tracing.tracer.getSpans());
  }
}
