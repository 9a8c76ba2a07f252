package dev.eventbus.eventsourcing;

/**
 * What a projection does with an event that cannot be decoded: an unknown type, a version without
 * an upcasting path, a payload that no longer binds to its class. Such an event is never skipped
 * silently.
 */
public enum BadEventPolicy {
  /**
   * Stop the projection in state {@link ProcessingState#FAILED}, with a {@link ProjectionException}
   * naming the position, stream, id and type. Nothing after the event is applied; fix the type
   * registry or add an upcaster, then restart the projection. The default.
   */
  STOP,
  /**
   * Record a {@link ProjectionDeadLetter} in the checkpoint store (with the read model's
   * transaction for a {@link JdbcProjection}), log it, and go on with the next event.
   */
  DEAD_LETTER
}
