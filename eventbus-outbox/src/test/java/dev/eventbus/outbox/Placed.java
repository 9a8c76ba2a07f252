package dev.eventbus.outbox;

/**
 * The tests' event: an order placed for a key, with its sequence number and padding.
 *
 * @param key the order's key (the partition key)
 * @param seq its sequence number within the key
 * @param note free text, to make an event large
 */
public record Placed(String key, int seq, String note) {
  /** A small event. */
  Placed(String key, int seq) {
    this(key, seq, "");
  }
}
