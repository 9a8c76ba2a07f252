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
}
