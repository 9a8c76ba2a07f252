package dev.eventbus.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbus.ConfigurationException;
import dev.eventbus.EventDecodingException;
import dev.eventbus.EventType;
import dev.eventbus.Upcaster;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Maps (type, eventversion) to payload classes, and chains upcasters. Thread-safe: classes are
 * registered at build time and, on first use, when a handler or a publish names a class that is not
 * registered yet.
 */
public final class TypeRegistry {
  /** A registered type: its name and current version. */
  public record TypeInfo(String name, int version, Class<?> type) {}

  private final Map<Class<?>, TypeInfo> byClass = new ConcurrentHashMap<>();
  private final Map<String, TypeInfo> byName = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Upcaster>> upcasters = new ConcurrentHashMap<>();

  /**
   * Registers a class under an explicit name and version.
   *
   * @param name the type name
   * @param version the current version
   * @param type the class
   * @return the registered info
   */
  public synchronized TypeInfo register(String name, int version, Class<?> type) {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("type.name", name, "a non-blank type name");
    }
    if (version < 1) {
      throw new ConfigurationException("type." + name + ".version", version, "an integer >= 1");
    }
    TypeInfo existing = byName.get(name);
    if (existing != null && !existing.type().equals(type)) {
      throw new ConfigurationException(
          "type." + name,
          type.getName(),
          "one class per type name; it is already registered to " + existing.type().getName());
    }
    TypeInfo info = new TypeInfo(name, version, type);
    byName.put(name, info);
    byClass.put(type, info);
    return info;
  }

  /**
   * The registration of a class, registering it by its {@link EventType} or simple name if needed.
   *
   * @param type the class
   * @return the info
   */
  public TypeInfo infoFor(Class<?> type) {
    TypeInfo info = byClass.get(type);
    if (info != null) {
      return info;
    }
    EventType annotation = type.getAnnotation(EventType.class);
    return annotation != null
        ? register(annotation.value(), annotation.version(), type)
        : register(type.getSimpleName(), 1, type);
  }

  /**
   * The registration of a type name, if any.
   *
   * @param name the type name
   * @return the info, or null
   */
  public TypeInfo infoFor(String name) {
    return byName.get(name);
  }

  /**
   * Adds an upcaster from one version to the next.
   *
   * @param name the type name
   * @param fromVersion the version it reads
   * @param upcaster the transformation
   */
  public void addUpcaster(String name, int fromVersion, Upcaster upcaster) {
    if (fromVersion < 1) {
      throw new ConfigurationException(
          "upcaster." + name + ".fromVersion", fromVersion, "an integer >= 1");
    }
    Upcaster previous =
        upcasters.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(fromVersion, upcaster);
    if (previous != null) {
      throw new ConfigurationException(
          "upcaster." + name + ".fromVersion", fromVersion, "one upcaster per version");
    }
  }

  /**
   * The chain of upcasters from a version to the current one.
   *
   * @param info the type
   * @param fromVersion the version of the received event
   * @return the transformation (identity if already current)
   * @throws EventDecodingException if the version is newer than known or a step is missing
   */
  public UnaryOperator<JsonNode> upcastPath(TypeInfo info, int fromVersion) {
    if (fromVersion == info.version()) {
      return UnaryOperator.identity();
    }
    if (fromVersion > info.version()) {
      throw new EventDecodingException(
          "Event type '"
              + info.name()
              + "' version "
              + fromVersion
              + " is newer than the current version "
              + info.version()
              + " known to this consumer");
    }
    Map<Integer, Upcaster> steps = upcasters.getOrDefault(info.name(), Map.of());
    UnaryOperator<JsonNode> path = UnaryOperator.identity();
    for (int v = fromVersion; v < info.version(); v++) {
      Upcaster step = steps.get(v);
      if (step == null) {
        throw new EventDecodingException(
            "Event type '"
                + info.name()
                + "' version "
                + fromVersion
                + " has no upcasting path to version "
                + info.version()
                + ": no upcaster from version "
                + v
                + " to "
                + (v + 1));
      }
      UnaryOperator<JsonNode> before = path;
      path = node -> step.upcast(before.apply(node));
    }
    return path;
  }

  /**
   * Whether any upcaster exists for a type.
   *
   * @param name the type name
   * @return true if at least one is registered
   */
  public boolean hasUpcasters(String name) {
    return upcasters.containsKey(name);
  }
}
