package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.DeliveryContext;
import dev.eventbus.EventHandler;
import dev.eventbus.Subscribe;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns {@link Subscribe} methods into {@link Invoker}s. Reflection happens once, here; each call
 * goes through a bound {@link MethodHandle}.
 */
public final class HandlerMethods {
  /** Calls a handler with a decoded payload. */
  @FunctionalInterface
  public interface Invoker {
    /**
     * Invokes.
     *
     * @param payload the payload
     * @param context the context
     * @throws Throwable what the handler threw
     */
    void invoke(Object payload, DeliveryContext context) throws Throwable;
  }

  /**
   * A handler for one payload type.
   *
   * @param payloadType the class it accepts
   * @param invoker how to call it
   * @param description for errors and logs
   */
  public record Target(Class<?> payloadType, Invoker invoker, String description) {}

  /**
   * A (topic, group) pair.
   *
   * @param topic the topic
   * @param group the group
   */
  public record Binding(String topic, String group) {}

  private HandlerMethods() {}

  /**
   * Finds the annotated methods of an object, grouped by (topic, group).
   *
   * @param handlers the object
   * @param names applied to each annotation's topic and group
   * @return the targets of each binding
   */
  public static Map<Binding, List<Target>> scan(Object handlers, UnaryOperator<String> names) {
    Map<Binding, List<Target>> result = new LinkedHashMap<>();
    for (Class<?> c = handlers.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        Subscribe s = m.getAnnotation(Subscribe.class);
        if (s == null || m.isBridge()) {
          continue;
        }
        Binding binding = new Binding(names.apply(s.topic()), names.apply(s.group()));
        result.computeIfAbsent(binding, b -> new ArrayList<>()).add(target(handlers, m));
      }
    }
    if (result.isEmpty()) {
      throw new ConfigurationException(
          "subscribe.handlers",
          handlers.getClass().getName(),
          "an object with at least one @Subscribe method");
    }
    return result;
  }

  /**
   * Wraps a lambda handler.
   *
   * @param type the payload class
   * @param handler the handler
   * @param <T> the payload type
   * @return the target
   */
  public static <T> Target lambda(Class<T> type, EventHandler<T> handler) {
    return new Target(
        type,
        (payload, context) -> handler.handle(type.cast(payload), context),
        "lambda handler for " + type.getName());
  }

  private static Target target(Object handlers, Method m) {
    String description = m.getDeclaringClass().getName() + "#" + m.getName();
    Class<?>[] params = m.getParameterTypes();
    boolean valid =
        !Modifier.isStatic(m.getModifiers())
            && (params.length == 1 || (params.length == 2 && params[1] == DeliveryContext.class))
            && !params[0].isPrimitive();
    if (!valid) {
      throw new ConfigurationException(
          "subscribe.method",
          description,
          "an instance method taking (Payload) or (Payload, DeliveryContext)");
    }
    try {
      m.setAccessible(true);
      MethodHandle handle = MethodHandles.lookup().unreflect(m).bindTo(handlers);
      if (params.length == 1) {
        MethodHandle h = handle.asType(MethodType.methodType(void.class, Object.class));
        return new Target(
            params[0],
            (payload, context) -> {
              h.invokeExact(payload);
            },
            description);
      }
      MethodHandle h =
          handle.asType(MethodType.methodType(void.class, Object.class, DeliveryContext.class));
      return new Target(
          params[0],
          (payload, context) -> {
            h.invokeExact(payload, context);
          },
          description);
    } catch (IllegalAccessException | RuntimeException e) {
      throw new ConfigurationException(
          "subscribe.method", description, "a method the library can access (" + e + ")");
    }
  }
}
