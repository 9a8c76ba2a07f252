package dev.eventbus.outbox;

/** What an {@link OutboxRelay} is doing. */
public enum RelayState {
  /** Built, not started: rows wait for a relay, here or in another process. */
  NOT_STARTED,
  /** Publishing its shards' rows, or waiting for new ones. */
  RUNNING,
  /**
   * The last attempt failed (the broker refused or did not acknowledge in time, or the database
   * failed): the rows wait and the relay tries again after a backoff.
   */
  BACKING_OFF,
  /** Closed: it publishes nothing more and has given up its shards. */
  CLOSED
}
