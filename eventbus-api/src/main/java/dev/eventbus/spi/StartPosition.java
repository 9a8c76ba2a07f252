package dev.eventbus.spi;

/** Where a group that has never consumed a topic starts reading it. */
public enum StartPosition {
  /**
   * From the oldest event the broker still holds, on brokers that can replay (Kafka; the in-memory
   * broker with retention). Elsewhere, the same as {@link #LATEST}.
   */
  EARLIEST,
  /**
   * From events published after the group first subscribed. Events published later while no
   * instance runs are still delivered on persistent brokers.
   */
  LATEST
}
