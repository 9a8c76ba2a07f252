package dev.eventbus.kafka.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The partitions of a group's retry topic that this process wrote to since the poll thread last
 * looked, so that it fetches them now rather than at its next end-offset check: one bit per
 * partition, bit 63 for any beyond 62, all bits for a write whose partition is unknown. Marked from
 * any thread, taken by the poll thread.
 */
final class RetryWrites {
  private final AtomicLong bits = new AtomicLong();

  /** A record was acknowledged in a partition of the retry topic (-1 if unknown). */
  void written(int partition) {
    long bit = bit(partition);
    if ((bits.get() & bit) != bit) {
      bits.getAndUpdate(b -> b | bit);
    }
  }

  /** {@return the partitions written since the last call, as bits to test with {@link #has}} */
  long take() {
    return bits.get() == 0 ? 0 : bits.getAndSet(0);
  }

  /** {@return whether the taken bits hold a partition} */
  static boolean has(long taken, int partition) {
    return (taken & bit(partition)) != 0;
  }

  private static long bit(int partition) {
    return partition < 0 ? -1L : 1L << Math.min(partition, 63);
  }
}
