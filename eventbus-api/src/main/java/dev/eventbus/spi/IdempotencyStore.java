package dev.eventbus.spi;

/**
 * Remembers which event ids a group has handled, for the idempotent consumer, and lets one instance
 * at a time handle an id. Thread-safe, and safe across processes when the store is shared (JDBC).
 *
 * <p>Protocol, per delivery: {@link #claim} first; on {@link Claim#CLAIMED} the handler runs, then
 * {@link #complete} (success) or {@link #release} (failure, so that a retry can claim again). A
 * claim not completed nor released within the store's claim timeout (its holder crashed) can be
 * claimed again. Implementations bound what they keep and document it: an id forgotten past the
 * bound is no longer recognised as a duplicate.
 */
public interface IdempotencyStore {
  /** The answer to {@link #claim}. */
  enum Claim {
    /** The caller holds the id now and must complete or release it. */
    CLAIMED,
    /** The group already handled the id: acknowledge the duplicate without handling it. */
    DONE,
    /** Another instance is handling the id right now: try again later. */
    BUSY
  }

  /**
   * Tries to take an id for handling.
   *
   * @param group the group
   * @param eventId the event id
   * @return the outcome
   */
  Claim claim(String group, String eventId);

  /**
   * Records that the group handled the id. Called after the handler returned normally, before the
   * event is acknowledged.
   *
   * @param group the group
   * @param eventId the event id
   */
  void complete(String group, String eventId);

  /**
   * Gives up a claim after a failed attempt.
   *
   * @param group the group
   * @param eventId the event id
   */
  void release(String group, String eventId);

  /**
   * Whether the group already handled the id.
   *
   * @param group the group
   * @param eventId the event id
   * @return true if handled before
   */
  boolean contains(String group, String eventId);
}
