package dev.eventbus;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a payload class's CloudEvents {@code type} and its current schema version. Optional: a
 * class without it is registered under its simple name at version 1, and {@link
 * EventBus.Builder#registerType(String, int, Class)} does the same without an annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
  /**
   * The type name written to {@code type}; stable across renames of the class.
   *
   * @return the name
   */
  String value();

  /**
   * The current schema version written to {@code eventversion}. Older versions are turned into this
   * one by upcasters.
   *
   * @return the version, at least 1
   */
  int version() default 1;
}
