package dev.eventbus.examples.orders;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How far each order got: the handlers mark it, {@code GET /orders/{id}} reads it. In memory, as an
 * example's stand-in for the billing and shipping services' own databases. Thread-safe.
 */
@Component
public class OrderStatus {
  private final Map<String, Set<String>> steps = new ConcurrentHashMap<>();

  /**
   * Records that a step is done.
   *
   * @param orderId the order
   * @param step {@code billed} or {@code shipped}
   */
  public void done(String orderId, String step) {
    steps.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(step);
  }

  /**
   * The steps done for an order.
   *
   * @param orderId the order
   * @return the steps, empty if none
   */
  public Set<String> of(String orderId) {
    return Set.copyOf(steps.getOrDefault(orderId, Set.of()));
  }
}
