package dev.eventbus.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The part of EventBridge's event-pattern language the local endpoint needs: fields matched by a
 * list of exact values or {@code {"prefix": "..."}} / {@code {"exists": bool}} filters, nested
 * objects for {@code detail}, and arrays in the event matching when any element matches.
 */
final class EventPattern {
  private EventPattern() {}

  static boolean matches(JsonNode pattern, JsonNode event) {
    Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode value = event == null ? null : event.get(f.getKey());
      JsonNode rule = f.getValue();
      if (rule.isObject()) {
        if (value == null || !value.isObject() || !matches(rule, value)) {
          return false;
        }
      } else if (rule.isArray()) {
        if (!anyMatches(rule, value)) {
          return false;
        }
      } else {
        throw new IllegalArgumentException("Unsupported event pattern: " + pattern);
      }
    }
    return true;
  }

  private static boolean anyMatches(JsonNode allowed, JsonNode value) {
    for (JsonNode a : allowed) {
      if (a.isObject() && a.has("exists")) {
        if (a.get("exists").asBoolean() == (value != null && !value.isNull())) {
          return true;
        }
        continue;
      }
      if (value == null) {
        continue;
      }
      if (value.isArray()) {
        for (JsonNode element : value) {
          if (matchesOne(a, element)) {
            return true;
          }
        }
      } else if (matchesOne(a, value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesOne(JsonNode allowed, JsonNode value) {
    if (allowed.isObject() && allowed.has("prefix")) {
      return value.isTextual() && value.asText().startsWith(allowed.get("prefix").asText());
    }
    if (allowed.isObject()) {
      throw new IllegalArgumentException("Unsupported filter: " + allowed);
    }
    return allowed.equals(value);
  }
}
