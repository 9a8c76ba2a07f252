package dev.eventbus.internal;

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
