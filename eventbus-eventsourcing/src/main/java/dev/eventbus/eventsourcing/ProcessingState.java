package dev.eventbus.eventsourcing;

/** The state of something that follows the global log: a projection, a relay, a subscription. */
public enum ProcessingState {
  /** Created, not started yet. */
  NEW,
  /** Processing events, or waiting for new ones. */
  RUNNING,
  /**
   * A transient failure (database or broker unreachable) happened; it waits for a backoff and tries
   * again from its last stored position.
   */
  RETRYING,
  /**
   * Stopped by an error that trying again cannot fix (an event that does not decode, a handler
   * bug). Its failure names the event; nothing after it was processed. Final until restarted.
   */
  FAILED,
  /** Closed. Final. */
  STOPPED
}
