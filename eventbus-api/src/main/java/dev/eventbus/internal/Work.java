package dev.eventbus.internal;

import dev.eventbus.Event;
import dev.eventbus.spi.Delivery;
import java.time.Instant;

/** One delivery on its way through a subscription, with what the attempts so far learned. */
final class Work {
  final Delivery delivery;
  final String key;
  int attempt;
  Event<?> event;
  Instant firstFailure;

  Work(Delivery delivery, String key) {
    this.delivery = delivery;
    this.key = key;
    this.attempt = delivery.attempt();
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
