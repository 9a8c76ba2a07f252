package dev.eventbus.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.Handler;
import dev.eventbus.Middleware;
import dev.eventbus.spi.IdempotencyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers of one subscription by payload class. An event goes to the handler of its exact
 * class, else to the first handler whose parameter type it is assignable to; the answer is cached.
 */
final class HandlerTable {
  private static final HandlerMethods.Target NONE =
      new HandlerMethods.Target(Void.class, (p, c) -> {}, "none");

  private final List<HandlerMethods.Target> targets;
  private final Map<Class<?>, HandlerMethods.Target> resolved = new ConcurrentHashMap<>();

  HandlerTable(List<HandlerMethods.Target> targets) {
    this.targets = List.copyOf(targets);
  }

  /**
   * The whole chain a delivery runs through: the bus's MDC outermost, then the idempotency check
   * (outside the application's middlewares: a skipped duplicate is not a handler call), the
   * application's middlewares in order, and the handler of the payload's class.
   *
   * @param idempotency the group's store when it is idempotent, else null
   */
  Handler chain(List<Middleware> middlewares, String group, IdempotencyStore idempotency) {
    Handler handler =
        context -> {
          Object payload = context.event().payload();
          HandlerMethods.Target t = find(payload.getClass());
          try {
            t.invoker().invoke(payload, context);
          } catch (Exception | Error e) {
            throw e;
          } catch (Throwable e) {
            throw new EventBusException("Handler " + t.description() + " threw " + e, e);
          }
        };
    for (int i = middlewares.size() - 1; i >= 0; i--) {
      handler = middlewares.get(i).apply(handler);
    }
    if (idempotency != null) {
      handler = new IdempotencyMiddleware(idempotency, group).apply(handler);
    }
    return new MdcMiddleware().apply(handler);
  }

  List<HandlerMethods.Target> targets() {
    return targets;
  }

  HandlerMethods.Target find(Class<?> payloadClass) {
    HandlerMethods.Target t = resolved.get(payloadClass);
    if (t == null) {
      t = resolved.computeIfAbsent(payloadClass, this::lookup);
    }
    return t == NONE ? null : t;
  }

  private HandlerMethods.Target lookup(Class<?> payloadClass) {
    for (HandlerMethods.Target t : targets) {
      if (t.payloadType() == payloadClass) {
        return t;
      }
    }
    for (HandlerMethods.Target t : targets) {
      if (t.payloadType().isAssignableFrom(payloadClass)) {
        return t;
      }
    }
    return NONE;
  }
}
