package dev.eventbus;

import java.util.concurrent.CompletableFuture;

/**
 * What a handler knows about the delivery it is handling. Valid only during the handler call, on
 * the handler's thread.
 *
 * <p>Events published while handling, through {@link #publish(String, Object)} or through the bus
 * on the same thread, get this event's correlation id (or its id, if it has none) as {@code
 * correlationid}, and its id as {@code causationid}.
 */
public interface DeliveryContext {
  /**
   * The event being handled, with its decoded payload.
   *
   * @return the event
   */
  Event<?> event();

  /**
   * The topic it came from.
   *
   * @return the topic
   */
  String topic();

  /**
   * The group handling it.
   *
   * @return the group
   */
  String group();

  /**
   * Which attempt this is, 1 for the first.
   *
   * @return the attempt number
   */
  int attempt();

  /**
   * Publishes an event caused by this one.
   *
   * @param topic the topic
   * @param payload the payload, or an {@link Event}
   * @return completes when the broker durably accepted the event
   */
  CompletableFuture<Event<?>> publish(String topic, Object payload);
}
