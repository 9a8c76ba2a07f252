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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A small order service: orders go to a billing group (two competing instances) and a shipping
 * group; billing fails transiently now and then (retried), and one poison order ends in dead
 * letters.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples/quickstart -am compile exec:java}: on the in-memory
 * broker, unless configuration from outside the code names another ({@link
 * EventBus.Builder#configureFromEnvironment()}): {@code EVENTBUS_BROKER=rabbitmq} for the RabbitMQ
 * at localhost:5672 (guest/guest, or {@code EVENTBUS_RABBITMQ_URI}), {@code EVENTBUS_BROKER=kafka
 * EVENTBUS_KAFKA_BOOTSTRAP_SERVERS=host:9092} for Kafka; {@code -Deventbus.broker=...} and a
 * properties file named by {@code EVENTBUS_CONFIG} work as well. The code is the same on each.
 *
 * <p>On a broker that keeps its queues the example can run again and again: its topic and groups
 * have names of their own ({@value #ORDERS}), so it never takes another service's events; each run
 * first purges the dead letters an earlier run left, and counts only its own orders (an earlier
 * run's order that the broker still held, after Ctrl-C say, is handled and reported apart).
 *
 * <p>With {@code -Dexec.args=--metrics} (or {@code --metrics=PORT}, default {@value
 * #DEFAULT_METRICS_PORT}) it keeps running after the report, publishes an order every {@value
 * #LIVE_ORDER_MILLIS} ms, and serves {@code http://127.0.0.1:PORT/metrics} in Prometheus format and
 * {@code /health} as JSON until it is stopped (Ctrl-C, which closes the bus gracefully);
 * docs/grafana/ has a dashboard over these metrics.
 */
public final class QuickstartApp {
  static final String ORDERS = "quickstart-orders";
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
    EventBus.Builder configured = EventBus.builder().configureFromEnvironment();
    if (port == null) {
      Report report = run(ORDER_COUNT, configured, new SimpleMeterRegistry(), (bus, r) -> {});
      report.print(System.out);
      if (!report.complete()) {
        System.exit(1);
      }
      return;
    }
    PrometheusMeterRegistry registry = prometheusRegistry();
    stopOnShutdown(Thread.currentThread());
    run(
        ORDER_COUNT,
        configured,
        registry,
        (bus, report) -> {
          report.print(System.out);
          serveUntilStopped(bus, registry, port, report.run());
        });
  }

  /**
   * On Ctrl-C, interrupts the example's thread and waits for it to close the bus: what finished is
   * acknowledged, so the next run does not get it again.
   */
  private static void stopOnShutdown(Thread example) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  example.interrupt();
                  try {
                    example.join(EventBus.Builder.DEFAULT_CLOSE_TIMEOUT.toMillis() + 5_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "quickstart-stop"));
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

  private static void serveUntilStopped(
      EventBus bus, PrometheusMeterRegistry registry, int port, String run) {
    try (MetricsServer server = MetricsServer.start(port, registry, bus::health)) {
      System.out.printf(
          "serving http://127.0.0.1:%d/metrics and /health; publishing an order every %d ms;"
              + " Ctrl-C to stop%n",
          server.port(), LIVE_ORDER_MILLIS);
      for (int i = ORDER_COUNT + 1; !Thread.currentThread().isInterrupted(); i++) {
        long amount = i % 50 == 0 ? -1 : i * 10L; // now and then a poison order
        bus.publish(ORDERS, OrderPlaced.of(run + "-order-" + i, "customer-" + (i % 5), amount));
        TimeUnit.MILLISECONDS.sleep(LIVE_ORDER_MILLIS);
      }
    } catch (InterruptedException e) {
      // stopped (Ctrl-C): the caller closes the bus, which must not see this interrupt
    }
  }

  /** Runs the example on the in-memory broker, recording metrics nowhere. */
  static Report run(int orders) throws Exception {
    return run(orders, EventBus.builder(), new SimpleMeterRegistry(), (bus, report) -> {});
  }

  /**
   * Runs the example on a builder's broker and a registry; {@code whileOpen} gets the bus and the
   * report after the report's traffic, before the bus closes.
   */
  static Report run(
      int orders,
      EventBus.Builder builder,
      MeterRegistry registry,
      BiConsumer<EventBus, Report> whileOpen)
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
    String run = Long.toString(System.currentTimeMillis(), 36); // this run's orders start with it
    try (EventBus bus =
        builder
            .source("urn:example:order-service")
            .meterRegistry(registry)
            .group(Billing.GROUP, resilient)
            .group(Shipping.GROUP, resilient)
            .build()) {
      Billing first = new Billing("billing-1", run);
      Billing second = new Billing("billing-2", run);
      Shipping shipping = new Shipping(run);
      bus.subscribe(first); // two instances of one group compete for orders
      bus.subscribe(second);
      bus.subscribe(shipping);
      bus.start();
      bus.deadLetters().purge(ORDERS, Billing.GROUP); // what an earlier run left

      Set<String> published = new HashSet<>();
      for (int i = 1; i <= orders; i++) {
        String customer = "customer-" + (i % 5);
        long amount = i == 7 ? -500 : i * 1_000L; // order 7 is poison: a negative amount
        published.add(
            bus.publish(ORDERS, OrderPlaced.of(run + "-order-" + i, customer, amount))
                .get(10, TimeUnit.SECONDS)
                .id());
      }

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && (first.handled() + second.handled() < orders - 1
              || shipping.handled() < orders
              || deadLettersOf(bus, published).isEmpty())) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      Report report =
          new Report(
              bus.broker().name(),
              run,
              orders,
              first,
              second,
              shipping,
              deadLettersOf(bus, published));
      whileOpen.accept(bus, report);
      return report;
    }
  }

  /** The dead letters of this run's orders. */
  private static List<DeadLetter> deadLettersOf(EventBus bus, Set<String> published) {
    if (bus.deadLetters().count(ORDERS, Billing.GROUP) == 0) {
      return List.of();
    }
    return bus.deadLetters().list(ORDERS, Billing.GROUP, 100).stream()
        .filter(d -> published.contains(d.eventId()))
        .toList();
  }

  /** What happened, for printing and for the example's test. */
  record Report(
      String broker,
      String run,
      int published,
      Billing first,
      Billing second,
      Shipping shipping,
      List<DeadLetter> dead) {
    boolean complete() {
      return first.handled() + second.handled() == published - 1
          && shipping.handled() == published
          && dead.size() == 1;
    }

    void print(PrintStream out) {
      out.printf("broker  : %s%n", broker);
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
      int earlier = first.earlier() + second.earlier() + shipping.earlier();
      if (earlier > 0) {
        out.printf(
            "earlier : %d deliveries of an earlier run's orders, which the broker kept, acknowledged%n",
            earlier);
      }
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
