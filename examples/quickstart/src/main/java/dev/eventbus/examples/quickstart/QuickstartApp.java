package dev.eventbus.examples.quickstart;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small order service on the in-memory broker: orders go to a billing group (two competing
 * instances) and a shipping group; billing fails transiently now and then (retried), and one poison
 * order ends in dead letters.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples/quickstart -am compile exec:java}.
 */
public final class QuickstartApp {
  static final String ORDERS = "orders";
  static final int ORDER_COUNT = 20;

  private QuickstartApp() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if the run fails
   */
  public static void main(String[] args) throws Exception {
    Report report = run(ORDER_COUNT);
    report.print(System.out);
    if (!report.complete()) {
      System.exit(1);
    }
  }

  static Report run(int orders) throws Exception {
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
      return new Report(orders, first, second, shipping, deadLetters);
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
