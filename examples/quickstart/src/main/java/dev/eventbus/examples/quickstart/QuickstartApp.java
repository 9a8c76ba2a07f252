package dev.eventbus.examples.quickstart;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A small order service on the in-memory broker: orders go to a billing group (two competing
 * instances) and a shipping group; billing fails transiently now and then (retried), and one poison
 * order ends in dead letters.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples/quickstart -am compile exec:java}. With {@code
 * -Dexec.args=--metrics} (or {@code --metrics=PORT}, default {@value #DEFAULT_METRICS_PORT}) it
 * keeps running after the report, publishes an order every {@value #LIVE_ORDER_MILLIS} ms, and
 * serves {@code http://127.0.0.1:PORT/metrics} in Prometheus format and {@code /health} as JSON
 * until it is stopped (Ctrl-C); docs/grafana/ has a dashboard over these metrics.
 */
public final class QuickstartApp {
  static final String ORDERS = "orders";
  static final int ORDER_COUNT = 20;
  static final int DEFAULT_METRICS_PORT = 9464;
  static final long LIVE_ORDER_MILLIS = 500;

  private QuickstartApp() {}

  /**
   * Runs the example.
   *
   * @param args {@code --metrics} or {@code --metrics=PORT} to serve metrics, else nothing
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Integer port = metricsPort(args);
    if (port == null) {
      Report report = run(ORDER_COUNT);
      report.print(System.out);
      if (!report.complete()) {
        System.exit(1);
      }
      return;
    }
    PrometheusMeterRegistry registry = prometheusRegistry();
    run(
        ORDER_COUNT,
        registry,
        (bus, report) -> {
          report.print(System.out);
          serveUntilStopped(bus, registry, port);
        });
  }

  /**
   * A Prometheus registry that publishes histogram buckets for the bus's timers, which the
   * dashboard's latency percentiles need.
   */
  static PrometheusMeterRegistry prometheusRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().startsWith("eventbus.")) {
                  return config;
                }
                return DistributionStatisticConfig.builder()
                    .percentilesHistogram(true)
                    .build()
                    .merge(config);
              }
            });
    return registry;
  }

  static Integer metricsPort(String[] args) {
    for (String a : args) {
      if (a.equals("--metrics")) {
        return DEFAULT_METRICS_PORT;
      }
      if (a.startsWith("--metrics=")) {
        return Integer.parseInt(a.substring("--metrics=".length()));
      }
    }
    return null;
  }

  private static void serveUntilStopped(EventBus bus, PrometheusMeterRegistry registry, int port) {
    try (MetricsServer server = MetricsServer.start(port, registry, bus::health)) {
      System.out.printf(
          "serving http://127.0.0.1:%d/metrics and /health; publishing an order every %d ms;"
              + " Ctrl-C to stop%n",
          server.port(), LIVE_ORDER_MILLIS);
      for (int i = ORDER_COUNT + 1; !Thread.currentThread().isInterrupted(); i++) {
        long amount = i % 50 == 0 ? -1 : i * 10L; // now and then a poison order
        bus.publish(ORDERS, OrderPlaced.of("order-" + i, "customer-" + (i % 5), amount));
        TimeUnit.MILLISECONDS.sleep(LIVE_ORDER_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Report run(int orders) throws Exception {
    return run(orders, new SimpleMeterRegistry(), (bus, report) -> {});
  }

  /**
   * Runs the example on a registry; {@code whileOpen} gets the bus and the report after the
   * report's traffic, before the bus closes.
   */
  static Report run(int orders, MeterRegistry registry, BiConsumer<EventBus, Report> whileOpen)
      throws Exception {
    GroupOptions resilient =
        GroupOptions.custom()
            .concurrency(4)
            .idempotent(true)
            .retry(
                RetryPolicy.custom()
                    .maxAttempts(4)
                    .initialDelay(Duration.ofMillis(50))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
            .build();
    try (EventBus bus =
        EventBus.builder()
            .source("urn:example:order-service")
            .meterRegistry(registry)
            .group(Billing.GROUP, resilient)
            .group(Shipping.GROUP, resilient)
            .build()) {
      Billing first = new Billing("billing-1");
      Billing second = new Billing("billing-2");
      Shipping shipping = new Shipping();
      bus.subscribe(first); // two instances of one group compete for orders
      bus.subscribe(second);
      bus.subscribe(shipping);
      bus.start();

      for (int i = 1; i <= orders; i++) {
        String customer = "customer-" + (i % 5);
        long amount = i == 7 ? -500 : i * 1_000L; // order 7 is poison: a negative amount
        bus.publish(ORDERS, OrderPlaced.of("order-" + i, customer, amount))
            .get(10, TimeUnit.SECONDS);
      }

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && (first.handled() + second.handled() < orders - 1
              || shipping.handled() < orders
              || bus.deadLetters().count(ORDERS, Billing.GROUP) < 1)) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      List<DeadLetter> deadLetters = bus.deadLetters().list(ORDERS, Billing.GROUP, 10);
      Report report = new Report(orders, first, second, shipping, deadLetters);
      whileOpen.accept(bus, report);
      return report;
    }
  }

  /** What happened, for printing and for the example's test. */
  record Report(
      int published, Billing first, Billing second, Shipping shipping, List<DeadLetter> dead) {
    boolean complete() {
      return first.handled() + second.handled() == published - 1
          && shipping.handled() == published
          && dead.size() == 1;
    }

    void print(PrintStream out) {
      out.printf("published %d orders to '%s'%n", published, ORDERS);
      out.printf(
          "billing : %d handled (%s: %d, %s: %d), %d transient failures retried%n",
          first.handled() + second.handled(),
          first.name(),
          first.handled(),
          second.name(),
          second.handled(),
          first.transientFailures() + second.transientFailures());
      out.printf("shipping: %d handled%n", shipping.handled());
      out.printf("dead letters of %s/%s: %d%n", ORDERS, Billing.GROUP, dead.size());
      for (DeadLetter d : dead) {
        out.printf(
            "  - event %s (%s) after %d attempt(s), %s: %s: %s%n",
            d.eventId(),
            d.type(),
            d.attempts(),
            d.reason(),
            d.exceptionClass(),
            d.exceptionMessage());
      }
      out.println(complete() ? "OK" : "INCOMPLETE: some events were not handled in time");
    }
  }
}
