package dev.eventbus.eventsourcing;

import java.time.Duration;
import java.util.Optional;

/**
 * A running subscription to the global log, from {@link EventStore#subscribe(long, LogListener)}.
 * Thread-safe.
 */
public interface LogSubscription extends AutoCloseable {
  /** Events read from the store at once. */
  int PAGE_SIZE = 256;

  /**
   * The current state.
   *
   * @return the state
   */
  ProcessingState state();

  /**
   * The position of the last event the listener handled.
   *
   * @return the position, or the start position minus one before the first event
   */
  long position();

  /**
   * Why the subscription failed or is retrying.
   *
   * @return the last failure, empty while none happened
   */
  Optional<Throwable> failure();

  /**
   * Waits until the listener has handled the event at a position.
   *
   * @param position the position
   * @param timeout how long to wait at most
   * @return true if it was handled; false on timeout, or if the subscription failed or stopped
   *     first
   * @throws InterruptedException if interrupted while waiting
   */
  boolean awaitPosition(long position, Duration timeout) throws InterruptedException;

  /** Stops reading and waits for the listener to return. Idempotent. */
  @Override
  void close();
}
