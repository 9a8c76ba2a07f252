package dev.eventbus.outbox.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's meters, tagged with the table. The gauges read the values of the relay's last look at
 * the table (every lease renewal), so a scrape never queries the database. Thread-safe.
 */
public final class OutboxMetrics {
  /** Gauge: rows waiting in the outbox table, of every shard. */
  public static final String BACKLOG = "eventbus.outbox.backlog";

  /** Time gauge: how long the oldest waiting row has waited. */
  public static final String OLDEST_AGE = "eventbus.outbox.oldest.age";

  /** Counter: rows published and acknowledged by the broker. */
  public static final String PUBLISHED = "eventbus.outbox.published";

  /** Counter: rows the broker did not take, tag {@code outcome} {@code retried} or {@code dead}. */
  public static final String FAILURES = "eventbus.outbox.publish.failures";

  private final AtomicLong backlog = new AtomicLong(-1);
  private final AtomicLong oldestAgeMillis = new AtomicLong();
  private final Counter published;
  private final Counter retried;
  private final Counter dead;

  /**
   * Registers the meters.
   *
   * @param registry where they go; null for none (they still count, for health)
   * @param table the table, the {@code table} tag
   */
  public OutboxMetrics(MeterRegistry registry, String table) {
    MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
    Gauge.builder(BACKLOG, backlog, b -> Math.max(0, b.get()))
        .tag("table", table)
        .description("Rows waiting in the outbox table")
        .register(r);
    TimeGauge.builder(OLDEST_AGE, oldestAgeMillis, TimeUnit.MILLISECONDS, AtomicLong::get)
        .tag("table", table)
        .description("How long the oldest waiting outbox row has waited")
        .register(r);
    published =
        Counter.builder(PUBLISHED)
            .tag("table", table)
            .description("Outbox rows the broker acknowledged")
            .register(r);
    retried = failures(r, table, "retried");
    dead = failures(r, table, "dead");
  }

  private static Counter failures(MeterRegistry r, String table, String outcome) {
    return Counter.builder(FAILURES)
        .tags("table", table, "outcome", outcome)
        .description("Outbox rows the broker did not take: retried later, or moved aside")
        .register(r);
  }

  void backlog(long rows, long oldestMillis) {
    backlog.set(rows);
    oldestAgeMillis.set(oldestMillis);
  }

  /** {@return the rows waiting at the last look, -1 before the first} */
  public long backlog() {
    return backlog.get();
  }

  /** {@return the age of the oldest waiting row at the last look, in milliseconds} */
  public long oldestAgeMillis() {
    return oldestAgeMillis.get();
  }

  void published(int rows) {
    published.increment(rows);
  }

  void retried(int rows) {
    retried.increment(rows);
  }

  void dead(int rows) {
    dead.increment(rows);
  }
}
