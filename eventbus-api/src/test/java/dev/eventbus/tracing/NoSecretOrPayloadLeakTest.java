package dev.eventbus.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Publishes events whose payload holds a marker, through a retry, a dead letter and a caused event,
 * after rejecting a secret-looking configuration value, and scans every log line at INFO and above
 * (slf4j-simple's default level, written to System.err), every meter id and every span for the
 * marker.
 */
class NoSecretOrPayloadLeakTest {
  private static final String MARKER = "Mk7-q0x-SECRET";

  record Card(String number, boolean fail) {}

  record Charged(String number) {}

  @Test
  void noPayloadOrSecretInLogsMetersOrSpans() throws Exception {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    TestTracing tracing = new TestTracing();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String rejected;
    try {
      rejected =
          catchThrowable(
                  () -> EventBus.builder().configure(Map.of("eventbus.api-key.secret", MARKER)))
              .getMessage();
      traffic(tracing, meters);
    } finally {
      System.setErr(original);
    }

    String logged = logs.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("Dead-lettering").contains("Event bus closed");
    assertThat(logged).doesNotContain(MARKER);
    assertThat(rejected).contains("eventbus.api-key.secret").doesNotContain(MARKER);
    assertThat(meters.getMeters()).isNotEmpty();
    for (Meter m : meters.getMeters()) {
      assertThat(m.getId().toString()).doesNotContain(MARKER);
    }
    assertThat(tracing.tracer.getSpans()).hasSizeGreaterThanOrEqualTo(4);
    for (SimpleSpan s : tracing.tracer.getSpans()) {
      assertThat(s.getName() + s.getTags() + s.getEvents() + s.getRemoteServiceName())
          .doesNotContain(MARKER);
    }
  }

  private static void traffic(TestTracing tracing, SimpleMeterRegistry meters) throws Exception {
    RetryPolicy twice =
        RetryPolicy.custom().maxAttempts(2).initialDelay(Duration.ofMillis(1)).jitter(0).build();
    CompletableFuture<Event<?>> charged = new CompletableFuture<>();
    try (EventBus bus =
        EventBus.builder()
            .observationRegistry(tracing.registry)
            .meterRegistry(meters)
            .groupDefaults(GroupOptions.custom().retry(twice).build())
            .build()) {
      bus.subscribe(
          "cards",
          "charging",
          Card.class,
          (card, ctx) -> {
            if (card.fail()) {
              throw new IllegalStateException("declined");
            }
            ctx.publish("charges", new Charged(card.number())).join();
          });
      bus.subscribe("charges", "audit", Charged.class, (c, ctx) -> charged.complete(ctx.event()));
      bus.start();
      bus.publish("cards", new Card(MARKER, true)).get(5, TimeUnit.SECONDS);
      bus.publish("cards", new Card(MARKER, false)).get(5, TimeUnit.SECONDS);
      charged.get(5, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (bus.deadLetters().count("cards", "charging") == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(bus.deadLetters().count("cards", "charging")).isEqualTo(1);
    }
  }
}
