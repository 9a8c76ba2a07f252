package dev.eventbus.outbox;

import dev.eventbus.HealthStatus;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A snapshot of an outbox relay's health, from {@link Outbox#health()}, to report beside {@link
 * dev.eventbus.EventBus#health()}. Cheap: it reads what the relay last saw, never the database.
 *
 * <p>DOWN while the relay is {@link RelayState#BACKING_OFF} or {@link RelayState#CLOSED}; UP
 * otherwise, {@link RelayState#NOT_STARTED} included (a process that only writes rows, and leaves
 * the publishing to relays elsewhere, is healthy). Immutable.
 *
 * @param status UP or DOWN, by the rule above
 * @param state the relay's state
 * @param shards the shards this relay holds, in ascending order
 * @param backlog rows waiting in the table, of every shard, at the relay's last look; -1 before it
 * @param oldestAge how long the oldest waiting row had waited then
 * @param detail why the relay is backing off, or null
 */
public record OutboxHealth(
    HealthStatus status,
    RelayState state,
    Set<Integer> shards,
    long backlog,
    Duration oldestAge,
    String detail) {
  /**
   * Validates and copies.
   *
   * @param status the status
   * @param state the state
   * @param shards the shards
   * @param backlog the backlog
   * @param oldestAge the oldest row's age
   * @param detail the detail, or null
   */
  public OutboxHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(state, "state");
    shards = Collections.unmodifiableSortedSet(new TreeSet<>(shards));
    Objects.requireNonNull(oldestAge, "oldestAge");
  }
}
