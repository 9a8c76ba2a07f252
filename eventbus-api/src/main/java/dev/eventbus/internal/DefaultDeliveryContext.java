package dev.eventbus.internal;

import dev.eventbus.DeliveryContext;
import dev.eventbus.Event;
import java.util.concurrent.CompletableFuture;

/** The context of one handler call; also the "current delivery" of its thread. */
final class DefaultDeliveryContext implements DeliveryContext {
  private static final ThreadLocal<DefaultDeliveryContext> CURRENT = new ThreadLocal<>();

  private final Event<?> event;
  private final String topic;
  private final String group;
  private final int attempt;
  private final DefaultEventBus bus;
  private boolean duplicate;

  DefaultDeliveryContext(
      Event<?> event, String topic, String group, int attempt, DefaultEventBus bus) {
    this.event = event;
    this.topic = topic;
    this.group = group;
    this.attempt = attempt;
    this.bus = bus;
  }

  static DefaultDeliveryContext current() {
    return CURRENT.get();
  }

  void enter() {
    CURRENT.set(this);
  }

  void exit() {
    CURRENT.remove();
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
  public String topic() {
    return topic;
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public CompletableFuture<Event<?>> publish(String topic, Object payload) {
    return bus.publish(topic, payload, this);
  }
}
