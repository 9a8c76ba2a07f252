package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.EventBus;

/**
 * Configures the auto-configured bus in code, for what properties do not say: a codec, group
 * options with exception filters, middleware, upcasters. Every bean of this type is called, in
 * {@link org.springframework.core.annotation.Order @Order}, after the {@code eventbus.*} properties
 * were given to the builder; what a customizer sets wins over them, as setters win over {@code
 * configure(Map)}.
 *
 * <p>Called once, on the thread that creates the {@code EventBus} bean, before the bus is built.
 */
@FunctionalInterface
public interface EventBusBuilderCustomizer {
  /**
   * Configures the builder.
   *
   * @param builder the builder, already given the properties and the application's meter registry,
   *     observation registry, JSON mapper and idempotency store
   */
  void customize(EventBus.Builder builder);
}
