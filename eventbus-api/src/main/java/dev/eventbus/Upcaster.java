package dev.eventbus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the document of one schema version of an event type into the next version's. Registered
 * with {@link EventBus.Builder#upcaster(String, int, Upcaster)}; chained at consume time from the
 * event's version to the current one. Must be pure and thread-safe.
 *
 * <pre>{@code
 * // v1 had "amount" in cents as a number; v2 has "total" as a decimal string
 * Upcaster v1ToV2 = node -> {
 *   ObjectNode o = (ObjectNode) node;
 *   o.put("total", BigDecimal.valueOf(o.remove("amount").asLong(), 2).toPlainString());
 *   return o;
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Upcaster {
  /**
   * Upcasts a document by one version.
   *
   * @param document the document at version {@code n} (may be modified in place)
   * @return the document at version {@code n + 1}
   */
  JsonNode upcast(JsonNode document);
}
