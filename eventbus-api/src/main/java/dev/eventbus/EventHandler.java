package dev.eventbus;

/**
 * A handler registered as a lambda with {@link EventBus#subscribe(String, String, Class,
 * EventHandler)}. Returning normally acknowledges; throwing fails the attempt.
 *
 * <p>Called on the group's handler threads, at most {@link GroupOptions#concurrency()} at once, one
 * at a time per partition key.
 *
 * @param <T> the payload type
 */
@FunctionalInterface
public interface EventHandler<T> {
  /**
   * Handles one event.
   *
   * @param payload the decoded payload
   * @param context the delivery's context
   * @throws Exception to fail the attempt
   */
  void handle(T payload, DeliveryContext context) throws Exception;
}
