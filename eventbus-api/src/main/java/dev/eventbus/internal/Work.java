package dev.eventbus.internal;

import dev.eventbus.Event;
import dev.eventbus.spi.Delivery;
import java.time.Instant;

/**
 * One delivery on its way through a subscription, with what the attempts so far learned. Made on
 * the adapter's thread that hands the delivery over; its headers are read on the handler thread, at
 * the first attempt ({@link #begin()}), so that an adapter can map the message lazily there.
 */
final class Work {
  final Delivery delivery;
  final String key;
  int attempt;
  Event<?> event;
  Instant firstFailure;
  private boolean begun;

  Work(Delivery delivery, String key) {
    this.delivery = delivery;
    this.key = key;
  }

  /** Reads the attempt number and the first failure's time, once, before the first attempt. */
  void begin() {
    if (begun) {
      return;
    }
    begun = true;
    attempt = delivery.attempt();
    String first = delivery.message().headers().get(Delivery.FIRST_FAILURE_HEADER);
    if (first != null) {
      try {
        firstFailure = Instant.parse(first);
      } catch (RuntimeException e) {
        firstFailure = null;
      }
    }
  }
}
