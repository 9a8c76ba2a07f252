package dev.eventbus.outbox.internal;

/**
 * The ordering unit of a row: its topic and partition key (the topic alone for an unkeyed event).
 * Rows of one unit are published in commit order; the unit picks the row's shard and the lock its
 * transaction holds to commit. The hashes are {@link String#hashCode()}, which the Java language
 * fixes, so every process computes the same shard for a unit.
 */
public final class OrderingUnits {
  /** Lock slots on MariaDB: units whose hashes meet here share a lock, never a wrong order. */
  public static final int LOCK_SLOTS = 4096;

  private OrderingUnits() {}

  /**
   * The unit's hash.
   *
   * @param topic the topic
   * @param key the partition key, or null
   * @return the hash
   */
  public static int hash(String topic, String key) {
    return 31 * topic.hashCode() + (key == null ? 0 : key.hashCode());
  }

  /**
   * The unit's shard.
   *
   * @param topic the topic
   * @param key the partition key, or null
   * @param shards how many shards there are
   * @return from 0 to {@code shards - 1}
   */
  public static int shard(String topic, String key, int shards) {
    return Math.floorMod(hash(topic, key), shards);
  }

  /**
   * The unit's lock slot on MariaDB.
   *
   * @param hash the unit's hash
   * @return from 0 to {@link #LOCK_SLOTS} - 1
   */
  public static int slot(int hash) {
    return Math.floorMod(hash, LOCK_SLOTS);
  }
}
