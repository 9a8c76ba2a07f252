package dev.eventbus.spi;

/**
 * Remembers which event ids a group has handled, for the idempotent consumer. Thread-safe.
 * Implementations bound what they keep (by size, age or both) and document it: an id forgotten past
 * the bound is no longer recognised as a duplicate.
 */
public interface IdempotencyStore {
  /**
   * Whether the group already handled the event.
   *
   * @param group the group
   * @param eventId the event id
   * @return true if handled before
   */
  boolean contains(String group, String eventId);

  /**
   * Records that the group handled the event. Called after the handler returned normally, before
   * the event is acknowledged.
   *
   * @param group the group
   * @param eventId the event id
   */
  void record(String group, String eventId);
}
