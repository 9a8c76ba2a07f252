package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.BusHealth;
import dev.eventbus.HealthStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bus's {@link BusHealth} as the details of Spring Boot's health contributor {@code eventbus},
 * the same on every Boot line: the broker (name, status, detail), each subscription (topic, group,
 * state, status, in flight, and why it fails) and, when there are any, the added components (the
 * outbox relay: status and detail, by name).
 */
final class HealthDetails {
  private HealthDetails() {}

  /** {@return whether the bus is UP} */
  static boolean up(BusHealth health) {
    return health.status() == HealthStatus.UP;
  }

  /** {@return the details, in a stable order} */
  static Map<String, Object> of(BusHealth health) {
    Map<String, Object> broker = new LinkedHashMap<>();
    broker.put("name", health.broker());
    broker.put("status", health.brokerHealth().status().name());
    if (health.brokerHealth().detail() != null) {
      broker.put("detail", health.brokerHealth().detail());
    }
    List<Map<String, Object>> subscriptions = new ArrayList<>();
    for (BusHealth.SubscriptionHealth s : health.subscriptions()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("topic", s.topic());
      entry.put("group", s.group());
      entry.put("state", s.state().name());
      entry.put("status", s.status().name());
      entry.put("inFlight", s.inFlight());
      if (s.detail() != null) {
        entry.put("detail", s.detail());
      }
      subscriptions.add(entry);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("broker", broker);
    details.put("subscriptions", subscriptions);
    if (!health.components().isEmpty()) {
      Map<String, Object> components = new LinkedHashMap<>();
      health
          .components()
          .forEach(
              (name, c) ->
                  components.put(name, Map.of("status", c.status().name(), "detail", c.detail())));
      details.put("components", components);
    }
    return details;
  }
}
