package dev.eventbus.idempotency;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.IdempotencyStore;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link IdempotencyStore} in process memory, bounded by entry count and age: the oldest ids are
 * forgotten first. Suited to one instance, and to tests; instances of a group that compete across
 * processes need a shared store (JDBC).
 *
 * <p>Thread-safe (one lock; the critical sections are map operations).
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  /** Ids remembered at most, by default. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** How long an id is remembered, by default. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  private final int maxEntries;
  private final long ttlNanos;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

  private InMemoryIdempotencyStore(int maxEntries, Duration ttl) {
    this.maxEntries = maxEntries;
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * A store with {@value #DEFAULT_MAX_ENTRIES} entries and a 24-hour TTL.
   *
   * @return a new store
   */
  public static InMemoryIdempotencyStore ofDefaults() {
    return create(DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
  }

  /**
   * A store with explicit bounds.
   *
   * @param maxEntries ids remembered at most (1 to 100,000,000)
   * @param ttl how long an id is remembered (more than zero)
   * @return a new store
   */
  public static InMemoryIdempotencyStore create(int maxEntries, Duration ttl) {
    if (maxEntries < 1 || maxEntries > 100_000_000) {
      throw new ConfigurationException(
          "idempotency.maxEntries", maxEntries, "an integer from 1 to 100000000");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new ConfigurationException("idempotency.ttl", ttl, "a positive duration");
    }
    return new InMemoryIdempotencyStore(maxEntries, ttl);
  }

  @Override
  public synchronized boolean contains(String group, String eventId) {
    Long at = seen.get(group + '\u0000' + eventId);
    return at != null && System.nanoTime() - at < ttlNanos;
  }

  @Override
  public synchronized void record(String group, String eventId) {
    long now = System.nanoTime();
    seen.put(group + '\u0000' + eventId, now);
    Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> oldest = it.next();
      if (seen.size() > maxEntries || now - oldest.getValue() >= ttlNanos) {
        it.remove();
      } else {
        break;
      }
    }
  }

  /**
   * How many ids are remembered now.
   *
   * @return the count
   */
  public synchronized int size() {
    return seen.size();
  }
}
