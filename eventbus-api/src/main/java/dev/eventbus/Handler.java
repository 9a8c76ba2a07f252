package dev.eventbus;

/**
 * The invocation of a handler, as a {@link Middleware} sees it. Returning normally acknowledges;
 * throwing fails the attempt.
 */
@FunctionalInterface
public interface Handler {
  /**
   * Handles a decoded event.
   *
   * @param context the delivery, with the event
   * @throws Exception to fail the attempt
   */
  void handle(DeliveryContext context) throws Exception;
}
