package dev.eventbus.spring.outbox;

import dev.eventbus.Subscribe;
import dev.eventbus.outbox.spring.SpringOutbox;
import dev.eventbus.testkit.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * An application that writes orders and their events in one {@code @Transactional} method through
 * the starter's {@link SpringOutbox}, and a handler that records what the bus delivers. Outside
 * {@code dev.eventbus.spring.boot}, so that the orders application's component scan does not find
 * it, and without one of its own.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({OutboxApp.Orders.class, OutboxApp.Shipped.class})
public class OutboxApp {
  /** The event. */
  public record OrderPlaced(String orderId) {}

  /** Stores an order and publishes its event in the same transaction. */
  public static class Orders {
    private final JdbcTemplate jdbc;
    private final SpringOutbox outbox;
    private final String table;
    private final String topic;

    /** Wired by Spring. */
    public Orders(
        JdbcTemplate jdbc,
        SpringOutbox outbox,
        @Value("${orders.table}") String table,
        @Value("${orders.topic}") String topic) {
      this.jdbc = jdbc;
      this.outbox = outbox;
      this.table = table;
      this.topic = topic;
    }

    /** Inserts the order and writes its event; with {@code refuse} throws after both. */
    @Transactional
    public void place(String orderId, boolean refuse) {
      jdbc.update("INSERT INTO " + table + " (id) VALUES (?)", orderId);
      outbox.publish(topic, new OrderPlaced(orderId));
      if (refuse) {
        throw new IllegalStateException("order " + orderId + " refused after its insert");
      }
    }
  }

  /** Records every order the bus delivers, in arrival order. */
  public static class Shipped {
    private final List<String> orderIds = new CopyOnWriteArrayList<>();

    /** The handler. */
    @Subscribe(topic = "${orders.topic}", group = "shipping")
    public void on(OrderPlaced order) {
      orderIds.add(order.orderId());
      Await.signal();
    }

    /** {@return the order ids received} */
    public List<String> orderIds() {
      return List.copyOf(orderIds);
    }
  }
}
