package dev.eventbus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a plain class as an event handler. Register an instance with {@link
 * EventBus#subscribe(Object)}.
 *
 * <p>The method takes the payload type as its first parameter and, optionally, a {@link
 * DeliveryContext} as its second. Returning normally acknowledges the event; throwing fails the
 * attempt, which is retried or dead-lettered according to the group's {@link RetryPolicy}.
 *
 * <pre>{@code
 * class Billing {
 *   @Subscribe(topic = "orders", group = "billing")
 *   void on(OrderPlaced order, DeliveryContext context) { ... }
 * }
 * }</pre>
 *
 * <p>Methods of one instance with the same topic and group share one consumer: each event goes to
 * the method whose payload type matches its type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Subscribe {
  /**
   * The topic to consume.
   *
   * @return the topic name
   */
  String topic();

  /**
   * The group (subscription) name. Every group receives every event of the topic; instances of one
   * group share the work.
   *
   * @return the group name
   */
  String group();
}
