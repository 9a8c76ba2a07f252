package dev.eventbus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbus.spi.BrokerHealth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a bus's health, from {@link EventBus#health()}: the broker connection,
 * every subscription of this process, and the components the application added with {@link
 * EventBus#addHealthComponent} (an outbox relay, say). A health endpoint returns {@link #toJson()}
 * with HTTP 200 when {@link #status()} is UP and 503 otherwise.
 *
 * <p>The bus is UP when it is started and not closed, its broker reports UP, no subscription is
 * {@link SubscriptionState#FAILING} or {@link SubscriptionState#STOPPED}, and no component reports
 * DOWN. A {@link SubscriptionState#PAUSED} subscription (backpressure) is UP: it is working at its
 * limit.
 *
 * @param status the overall status
 * @param broker the broker's name
 * @param brokerHealth the broker connection's state
 * @param subscriptions one entry per subscription, in registration order
 * @param components the added components' states by name, in the order they were added
 */
public record BusHealth(
    HealthStatus status,
    String broker,
    BrokerHealth brokerHealth,
    List<SubscriptionHealth> subscriptions,
    Map<String, BrokerHealth> components) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Validates and copies, keeping the components' order.
   *
   * @param status the overall status
   * @param broker the broker's name
   * @param brokerHealth the broker connection's state
   * @param subscriptions the subscriptions
   * @param components the components by name
   */
  public BusHealth {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(brokerHealth, "brokerHealth");
    subscriptions = List.copyOf(subscriptions);
    Map<String, BrokerHealth> copy = new LinkedHashMap<>();
    components.forEach(
        (name, health) ->
            copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(health, name)));
    components = Collections.unmodifiableMap(copy);
  }

  /**
   * A snapshot without components.
   *
   * @param status the overall status
   * @param broker the broker's name
   * @param brokerHealth the broker connection's state
   * @param subscriptions the subscriptions
   */
  public BusHealth(
      HealthStatus status,
      String broker,
      BrokerHealth brokerHealth,
      List<SubscriptionHealth> subscriptions) {
    this(status, broker, brokerHealth, subscriptions, Map.of());
  }

  /**
   * The overall status from its parts, by the rule in the class documentation, without components.
   *
   * @param broker the broker's name
   * @param brokerHealth the broker connection's state (DOWN if the bus is not running)
   * @param subscriptions the subscriptions
   * @return the snapshot
   */
  public static BusHealth of(
      String broker, BrokerHealth brokerHealth, List<SubscriptionHealth> subscriptions) {
    return of(broker, brokerHealth, subscriptions, Map.of());
  }

  /**
   * The overall status from its parts, by the rule in the class documentation.
   *
   * @param broker the broker's name
   * @param brokerHealth the broker connection's state (DOWN if the bus is not running)
   * @param subscriptions the subscriptions
   * @param components the components by name, in the order to report them
   * @return the snapshot
   */
  public static BusHealth of(
      String broker,
      BrokerHealth brokerHealth,
      List<SubscriptionHealth> subscriptions,
      Map<String, BrokerHealth> components) {
    boolean up =
        brokerHealth.status() == HealthStatus.UP
            && subscriptions.stream().allMatch(s -> s.status() == HealthStatus.UP)
            && components.values().stream().allMatch(c -> c.status() == HealthStatus.UP);
    return new BusHealth(
        up ? HealthStatus.UP : HealthStatus.DOWN, broker, brokerHealth, subscriptions, components);
  }

  /**
   * A JSON rendering: {@code {"status":"UP","broker":{"name":"kafka","status":"UP","detail":".."},
   * "subscriptions":[{"topic":"orders","group":"billing","state":"RUNNING","status":"UP",
   * "inFlight":0}],"components":{"outbox":{"status":"UP","detail":".."}}}}; a failing subscription
   * also has its {@code "detail"}; {@code "components"} is left out when there are none.
   *
   * @return the JSON text
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", status.name());
    ObjectNode b = root.putObject("broker");
    b.put("name", broker);
    b.put("status", brokerHealth.status().name());
    b.put("detail", brokerHealth.detail());
    ArrayNode subs = root.putArray("subscriptions");
    for (SubscriptionHealth s : subscriptions) {
      ObjectNode n = subs.addObject();
      n.put("topic", s.topic());
      n.put("group", s.group());
      n.put("state", s.state().name());
      n.put("status", s.status().name());
      n.put("inFlight", s.inFlight());
      if (s.detail() != null) {
        n.put("detail", s.detail());
      }
    }
    if (!components.isEmpty()) {
      ObjectNode cs = root.putObject("components");
      components.forEach(
          (name, health) -> {
            ObjectNode c = cs.putObject(name);
            c.put("status", health.status().name());
            c.put("detail", health.detail());
          });
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new EventBusException("Rendering health as JSON failed", e);
    }
  }

  /**
   * Takes back a component added with {@link EventBus#addHealthComponent}: from then on the bus's
   * health no longer shows it. Idempotent and thread-safe.
   */
  @FunctionalInterface
  public interface ComponentRegistration extends AutoCloseable {
    /** Removes the component. Idempotent. */
    @Override
    void close();
  }

  /**
   * The health of one subscription.
   *
   * @param topic the topic
   * @param group the group
   * @param state its state
   * @param inFlight deliveries received and not yet settled
   * @param detail why it is {@link SubscriptionState#FAILING}, as the broker says (never a secret);
   *     null otherwise or when the broker gives no reason
   */
  public record SubscriptionHealth(
      String topic, String group, SubscriptionState state, int inFlight, String detail) {
    /**
     * Validates.
     *
     * @param topic the topic
     * @param group the group
     * @param state its state
     * @param inFlight deliveries in flight
     * @param detail why it is failing, or null
     */
    public SubscriptionHealth {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(state, "state");
    }

    /**
     * A subscription's health without a detail.
     *
     * @param topic the topic
     * @param group the group
     * @param state its state
     * @param inFlight deliveries in flight
     */
    public SubscriptionHealth(String topic, String group, SubscriptionState state, int inFlight) {
      this(topic, group, state, inFlight, null);
    }

    /**
     * DOWN when {@link SubscriptionState#FAILING} or {@link SubscriptionState#STOPPED}, else UP.
     *
     * @return the status
     */
    public HealthStatus status() {
      return state == SubscriptionState.FAILING || state == SubscriptionState.STOPPED
          ? HealthStatus.DOWN
          : HealthStatus.UP;
    }
  }
}
