package dev.eventbus.internal;

import static dev.eventbus.MeterNames.CONSUMED;
import static dev.eventbus.MeterNames.DEAD_LETTERED;
import static dev.eventbus.MeterNames.DEAD_LETTERS;
import static dev.eventbus.MeterNames.DEAD_LETTERS_OLDEST_AGE;
import static dev.eventbus.MeterNames.HANDLER;
import static dev.eventbus.MeterNames.IN_FLIGHT;
import static dev.eventbus.MeterNames.PUBLISH;
import static dev.eventbus.MeterNames.REDRIVEN;
import static dev.eventbus.MeterNames.RETRIES;

import dev.eventbus.DeadLetter;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.RefreshingCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The core's meters. Names are {@link dev.eventbus.MeterNames}; names and tags are documented in
 * docs/metrics.md; tag values are topic, group and a small fixed set of outcomes, never event ids.
 * Meters are looked up once and cached, so the hot path does not allocate meter ids.
 */
public final class BusMetrics {
  private final MeterRegistry registry;
  private final boolean recording;
  private final ConcurrentHashMap<String, Timer[]> publishTimers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RefreshingCount> deadLetterDepths =
      new ConcurrentHashMap<>();
  private final ThreadPoolExecutor refresher = refresher();

  BusMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.recording = !(registry instanceof CompositeMeterRegistry c && c.getRegistries().isEmpty());
  }

  /**
   * Whether meters record anything: false for the bus's default, an empty composite registry, so
   * that the hot paths skip reading the clock for timers that would drop the reading. A registry
   * added to that composite later is not seen; the bus takes its registry when it is built.
   *
   * @return true if timers record
   */
  boolean recording() {
    return recording;
  }

  MeterRegistry registry() {
    return registry;
  }

  private static ThreadPoolExecutor refresher() {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "eventbus-metrics");
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * Registers the dead-letter depth gauge of a (topic, group) once.
   *
   * @param store the broker's dead-letter store, asked only while {@code active}
   * @param active whether the bus is running
   * @param minInterval the least time between two counts
   */
  void deadLetterDepth(
      String topic,
      String group,
      Supplier<DeadLetterStore> store,
      BooleanSupplier active,
      Duration minInterval,
      Supplier<Instant> clock) {
    deadLetterDepths.computeIfAbsent(
        topic + '\u0000' + group,
        k -> {
          RefreshingCount depth =
              new RefreshingCount(
                  "dead letters of " + topic + "/" + group,
                  () -> store.get().count(topic, group),
                  active,
                  minInterval,
                  refresher);
          Gauge.builder(DEAD_LETTERS, depth, RefreshingCount::value)
              .tags("topic", topic, "group", group)
              .description("Dead letters waiting in the group's dead-letter destination")
              .register(registry);
          RefreshingCount oldest =
              new RefreshingCount(
                  "oldest dead letter of " + topic + "/" + group,
                  () -> oldestAgeSeconds(store.get(), topic, group, clock.get()),
                  active,
                  minInterval,
                  refresher);
          Gauge.builder(DEAD_LETTERS_OLDEST_AGE, oldest, RefreshingCount::value)
              .strongReference(true) // nothing else holds it: a weak gauge would read NaN after GC
              .tags("topic", topic, "group", group)
              .baseUnit("seconds")
              .description("Age of the oldest dead letter (since its last failure); 0 when none")
              .register(registry);
          return depth;
        });
  }

  /** Seconds since the oldest dead letter's last failure; 0 if none, -1 (NaN) if unknown. */
  private static long oldestAgeSeconds(
      DeadLetterStore store, String topic, String group, Instant now) {
    List<BrokerMessage> oldest = store.list(topic, group, 1);
    if (oldest.isEmpty()) {
      return 0;
    }
    Instant failed = new DeadLetter(oldest.get(0)).lastFailure();
    return failed == null ? -1 : Math.max(0, Duration.between(failed, now).getSeconds());
  }

  /** Stops the refresh thread; gauges keep their last value. */
  void close() {
    refresher.shutdownNow();
  }

  Timer publishTimer(String topic, boolean success) {
    Timer[] known = publishTimers.get(topic); // get first: computeIfAbsent's lambda allocates
    if (known != null) {
      return known[success ? 0 : 1];
    }
    Timer[] timers =
        publishTimers.computeIfAbsent(
            topic,
            t ->
                new Timer[] {
                  Timer.builder(PUBLISH)
                      .tags("topic", t, "outcome", "success")
                      .description("Publishes until the broker durably accepted the event")
                      .register(registry),
                  Timer.builder(PUBLISH)
                      .tags("topic", t, "outcome", "failure")
                      .description("Publishes until the broker durably accepted the event")
                      .register(registry)
                });
    return timers[success ? 0 : 1];
  }

  Counter redriven(String topic, String group) {
    return Counter.builder(REDRIVEN).tags("topic", topic, "group", group).register(registry);
  }

  /** The meters of one (topic, group). */
  final class GroupMeters {
    final Counter acked;
    final Counter retried;
    final Counter deadLettered;
    final Counter duplicate;
    final Counter skipped;
    final Timer handlerSuccess;
    final Timer handlerFailure;
    final Counter retries;
    final AtomicInteger inFlightGauge;
    private final String topic;
    private final String group;

    GroupMeters(String topic, String group) {
      this.topic = topic;
      this.group = group;
      acked = consumed("acked");
      retried = consumed("retried");
      deadLettered = consumed("dead_lettered");
      duplicate = consumed("duplicate");
      skipped = consumed("skipped");
      handlerSuccess = handler("success");
      handlerFailure = handler("failure");
      retries = Counter.builder(RETRIES).tags("topic", topic, "group", group).register(registry);
      inFlightGauge =
          inFlight.computeIfAbsent(
              topic + '\u0000' + group,
              k -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder(IN_FLIGHT, value, AtomicInteger::get)
                    .tags("topic", topic, "group", group)
                    .description("Deliveries received and not yet settled")
                    .register(registry);
                return value;
              });
    }

    Counter deadLetteredReason(String reason) {
      return Counter.builder(DEAD_LETTERED)
          .tags("topic", topic, "group", group, "reason", reason)
          .register(registry);
    }

    private Counter consumed(String outcome) {
      return Counter.builder(CONSUMED)
          .tags("topic", topic, "group", group, "outcome", outcome)
          .register(registry);
    }

    private Timer handler(String outcome) {
      return Timer.builder(HANDLER)
          .tags("topic", topic, "group", group, "outcome", outcome)
          .register(registry);
    }
  }

  GroupMeters group(String topic, String group) {
    return new GroupMeters(topic, group);
  }
}
