package dev.eventbus.spi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges of one meter, one per set of tags, each owned by one consumer of this process at a time:
 * for what moves between the consumers of one process, such as a Kafka partition that a rebalance
 * hands from one member to another. Whoever {@linkplain #set sets} a gauge last owns it; {@link
 * #release} removes it only for its owner, so a consumer that gave up a partition never removes the
 * gauge of the one that took it over, whatever the order of their threads.
 *
 * <pre>{@code
 * gauges.set(this, lag, "topic", "orders", "group", "billing", "partition", "3");
 * // when the partition is revoked:
 * gauges.release(this, "topic", "orders", "group", "billing", "partition", "3");
 * }</pre>
 *
 * <p>Thread-safe. A gauge reads the last value set, without calling the adapter.
 */
public final class OwnedGauges {
  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final Map<List<String>, Owned> gauges = new ConcurrentHashMap<>();

  /**
   * Gauges of one meter.
   *
   * @param registry where the gauges go
   * @param name the meter name, such as {@link dev.eventbus.MeterNames#CONSUMER_LAG}
   * @param description what the value is, for the meter description
   */
  public OwnedGauges(MeterRegistry registry, String name, String description) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
  }

  /**
   * Sets a gauge's value, registering it the first time, and makes the caller its owner.
   *
   * @param owner the consumer that measured the value
   * @param value the value
   * @param tags the gauge's tags, as key-value pairs; the same pairs in the same order name the
   *     same gauge
   */
  public void set(Object owner, long value, String... tags) {
    Owned gauge = gauges.computeIfAbsent(List.of(tags), this::register);
    gauge.owner = owner;
    gauge.value.set(value);
  }

  /**
   * Removes a gauge if the caller still owns it; does nothing otherwise.
   *
   * @param owner the consumer giving the gauge up
   * @param tags the gauge's tags, as {@link #set} was given them
   */
  public void release(Object owner, String... tags) {
    gauges.computeIfPresent(
        List.of(tags),
        (k, gauge) -> {
          if (gauge.owner != owner) {
            return gauge;
          }
          registry.remove(gauge.gauge);
          return null;
        });
  }

  /** Removes every gauge, for a broker that closes. Later calls to {@link #set} register again. */
  public void clear() {
    gauges.values().forEach(g -> registry.remove(g.gauge));
    gauges.clear();
  }

  private Owned register(List<String> tags) {
    Owned owned = new Owned();
    owned.gauge =
        Gauge.builder(name, owned.value, AtomicLong::doubleValue)
            .description(description)
            .tags(tags.toArray(String[]::new))
            .strongReference(true)
            .register(registry);
    return owned;
  }

  private static final class Owned {
    final AtomicLong value = new AtomicLong();
    volatile Object owner;
    Gauge gauge;
  }
}
