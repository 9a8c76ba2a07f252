package dev.eventbus.idempotency;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.IdempotencyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link IdempotencyStore} in process memory, bounded by entry count and age: the oldest handled
 * ids are forgotten first. Suited to instances of a group within one JVM, and to tests; instances
 * that compete across processes need a shared store ({@link JdbcIdempotencyStore}).
 *
 * <p>Thread-safe (one lock; the critical sections are map operations).
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  /** Ids remembered at most, by default. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  /** How long a handled id is remembered, by default. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  /** How long a claim holds before another instance may take the id, by default. */
  public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofMinutes(1);

  private final int maxEntries;
  private final long ttlNanos;
  private final long claimNanos;
  private final LinkedHashMap<String, Long> done = new LinkedHashMap<>();
  private final Map<String, Long> claims = new HashMap<>();

  private InMemoryIdempotencyStore(int maxEntries, Duration ttl, Duration claimTimeout) {
    this.maxEntries = maxEntries;
    this.ttlNanos = ttl.toNanos();
    this.claimNanos = claimTimeout.toNanos();
  }

  /**
   * A store with {@value #DEFAULT_MAX_ENTRIES} entries, a 24-hour TTL and a one-minute claim
   * timeout.
   *
   * @return a new store
   */
  public static InMemoryIdempotencyStore ofDefaults() {
    return create(DEFAULT_MAX_ENTRIES, DEFAULT_TTL);
  }

  /**
   * A store with explicit bounds and the default claim timeout.
   *
   * @param maxEntries handled ids remembered at most (1 to 100,000,000)
   * @param ttl how long a handled id is remembered (more than zero)
   * @return a new store
   */
  public static InMemoryIdempotencyStore create(int maxEntries, Duration ttl) {
    return create(maxEntries, ttl, DEFAULT_CLAIM_TIMEOUT);
  }

  /**
   * A store with explicit bounds.
   *
   * @param maxEntries handled ids remembered at most (1 to 100,000,000)
   * @param ttl how long a handled id is remembered (more than zero)
   * @param claimTimeout how long a claim holds (more than zero); longer than any handler runs
   * @return a new store
   */
  public static InMemoryIdempotencyStore create(
      int maxEntries, Duration ttl, Duration claimTimeout) {
    if (maxEntries < 1 || maxEntries > 100_000_000) {
      throw new ConfigurationException(
          "idempotency.maxEntries", maxEntries, "an integer from 1 to 100000000");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new ConfigurationException("idempotency.ttl", ttl, "a positive duration");
    }
    if (claimTimeout == null || claimTimeout.isNegative() || claimTimeout.isZero()) {
      throw new ConfigurationException(
          "idempotency.claimTimeout", claimTimeout, "a positive duration");
    }
    return new InMemoryIdempotencyStore(maxEntries, ttl, claimTimeout);
  }

  @Override
  public synchronized Claim claim(String group, String eventId) {
    String key = group + '\u0000' + eventId;
    long now = System.nanoTime();
    if (isDone(key, now)) {
      return Claim.DONE;
    }
    Long claimedAt = claims.get(key);
    if (claimedAt != null && now - claimedAt < claimNanos) {
      return Claim.BUSY;
    }
    claims.put(key, now);
    return Claim.CLAIMED;
  }

  @Override
  public synchronized void complete(String group, String eventId) {
    String key = group + '\u0000' + eventId;
    claims.remove(key);
    long now = System.nanoTime();
    done.put(key, now);
    Iterator<Map.Entry<String, Long>> it = done.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> oldest = it.next();
      if (done.size() > maxEntries || now - oldest.getValue() >= ttlNanos) {
        it.remove();
      } else {
        break;
      }
    }
  }

  @Override
  public synchronized void release(String group, String eventId) {
    claims.remove(group + '\u0000' + eventId);
  }

  @Override
  public synchronized boolean contains(String group, String eventId) {
    return isDone(group + '\u0000' + eventId, System.nanoTime());
  }

  private boolean isDone(String key, long now) {
    Long at = done.get(key);
    return at != null && now - at < ttlNanos;
  }

  /**
   * How many handled ids are remembered now.
   *
   * @return the count
   */
  public synchronized int size() {
    return done.size();
  }
}
