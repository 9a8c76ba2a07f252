package dev.eventbus.internal;

import dev.eventbus.DeliveryContext;
import dev.eventbus.Event;
import java.util.concurrent.CompletableFuture;

/**
 * The context of a delivery's handler calls; also the "current delivery" of the handler thread. One
 * per delivery ({@link Work} extends it), so that a handler call allocates no context of its own:
 * {@link #attempt()} is the attempt of the call running now.
 */
abstract class DefaultDeliveryContext implements DeliveryContext {
  private static final ThreadLocal<DefaultDeliveryContext> CURRENT = new ThreadLocal<>();

  Event<?> event;
  int attempt;
  private boolean duplicate;

  /** The bus that delivered it, to publish from the handler. */
  abstract DefaultEventBus bus();

  static DefaultDeliveryContext current() {
    return CURRENT.get();
  }

  /** Becomes the thread's current delivery for one handler call. */
  void enter() {
    duplicate = false;
    CURRENT.set(this);
  }

  void exit() {
    // set(null), not remove(): a handler thread keeps its map entry instead of making one per call
    CURRENT.set(null);
  }

  void markDuplicate() {
    duplicate = true;
  }

  boolean isDuplicate() {
    return duplicate;
  }

  @Override
  public Event<?> event() {
    return event;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public CompletableFuture<Event<?>> publish(String topic, Object payload) {
    return bus().publish(topic, payload, this);
  }
}
