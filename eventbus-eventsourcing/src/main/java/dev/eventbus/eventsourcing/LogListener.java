package dev.eventbus.eventsourcing;

/** Receives events of the global log, in position order, one at a time, on one thread. */
@FunctionalInterface
public interface LogListener {
  /**
   * Handles one event.
   *
   * @param event the event; {@link RecordedEvent#event()} decodes it
   * @throws Exception to stop the subscription (or to be called again with the same event after a
   *     backoff, for a {@link dev.eventbus.RetryableEventBusException})
   */
  void onEvent(RecordedEvent event) throws Exception;
}
