package dev.eventbus;

/**
 * Cross-cutting handler behaviour (deduplication, logging context, timing, authorisation): wraps a
 * handler in another. Middlewares added to {@link EventBus.Builder#middleware(Middleware)} wrap
 * every handler of the bus, the first added outermost.
 *
 * <pre>{@code
 * Middleware audit = next -> context -> {
 *   log.info("handling {}", context.event().id());
 *   next.handle(context);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {
  /**
   * Wraps a handler.
   *
   * @param next the handler (or the next middleware) to call
   * @return the wrapping handler
   */
  Handler apply(Handler next);
}
