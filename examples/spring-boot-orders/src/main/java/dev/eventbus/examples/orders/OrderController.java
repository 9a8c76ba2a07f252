package dev.eventbus.examples.orders;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} publishes {@link OrderPlaced}; {@code GET /orders/{id}} reads its status.
 */
@RestController
public class OrderController {
  private final EventBus bus;
  private final OrderStatus status;
  private final String topic;

  /**
   * The controller.
   *
   * @param bus the auto-configured bus
   * @param status the orders' status
   * @param topic the orders topic ({@code orders.topic})
   */
  public OrderController(EventBus bus, OrderStatus status, @Value("${orders.topic}") String topic) {
    this.bus = bus;
    this.status = status;
    this.topic = topic;
  }

  /**
   * A new order, as the request body of {@code POST /orders}.
   *
   * @param customerId who orders
   * @param amountCents the amount
   */
  public record NewOrder(String customerId, long amountCents) {}

  /**
   * Places an order: answers once the broker has the event durably.
   *
   * @param order the order
   * @return the order's and the event's ids
   */
  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Map<String, String> place(@RequestBody NewOrder order) {
    String orderId = UUID.randomUUID().toString();
    OrderPlaced placed = new OrderPlaced(orderId, order.customerId(), order.amountCents());
    Event<?> published =
        bus.publish(topic, Event.builder(placed).partitionKey(order.customerId()).build()).join();
    return Map.of("orderId", orderId, "eventId", published.id());
  }

  /**
   * How far an order got.
   *
   * @param id the order
   * @return the steps done: {@code billed}, {@code shipped}
   */
  @GetMapping("/orders/{id}")
  public Map<String, Set<String>> status(@PathVariable String id) {
    return Map.of("done", status.of(id));
  }
}
