package dev.eventbus.spi;

/**
 * Receives deliveries from a broker subscription. Implemented by the core.
 *
 * <p>{@link #onDelivery(Delivery)} never blocks: the core queues the delivery and returns. An
 * adapter may call it from one thread or several; per partition key it must call it in the order
 * the broker delivers (publish order, on brokers that are ordered by key).
 */
@FunctionalInterface
public interface DeliveryListener {
  /**
   * Accepts one delivery. The adapter must not have more than {@link ConsumerSpec#maxInFlight()}
   * deliveries of the subscription given here and not yet settled.
   *
   * @param delivery the delivery, to be settled by the core later
   */
  void onDelivery(Delivery delivery);

  /**
   * Begins a burst of deliveries from one thread, such as the records of one fetch: until the
   * matching {@link #endBurst()} the core queues deliveries without waking a handler thread for
   * each, then wakes as many as the burst needs. Waking a parked thread per delivery costs the
   * adapter's thread a system call each time. Bursts may nest and overlap across threads; every
   * call must be matched by {@code endBurst()} on the same thread, in a {@code finally}. The
   * default does nothing.
   */
  default void beginBurst() {}

  /** Ends the burst begun by {@link #beginBurst()} on this thread. The default does nothing. */
  default void endBurst() {}
}
