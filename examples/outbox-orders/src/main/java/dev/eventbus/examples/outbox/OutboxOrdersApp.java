package dev.eventbus.examples.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.outbox.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Orders stored in PostgreSQL, their events published through the transactional outbox: three
 * orders are placed and one is rejected after its event was written; shipping receives the three
 * and never the rejected one.
 *
 * <p>{@code EVENTBUS_POSTGRES_URL} names the database (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); the example works in a schema of its own,
 * {@code outbox_orders_example}. Exits with 0 when shipping saw exactly the stored orders.
 */
public final class OutboxOrdersApp {
  private OutboxOrdersApp() {}

  /**
   * Runs the example.
   *
   * @param args none
   * @throws Exception if it cannot run
   */
  public static void main(String[] args) throws Exception {
    String url =
        System.getenv()
            .getOrDefault(
                "EVENTBUS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    try (HikariDataSource dataSource = dataSource(url)) {
      List<String> shipped = run(dataSource, "outbox_orders_example");
      System.out.println("Shipping received: " + shipped);
      System.exit(shipped.size() == 3 ? 0 : 1);
    }
  }

  /**
   * Places the orders and waits for shipping to receive their events.
   *
   * @param dataSource the database
   * @param schema the schema to work in, created if missing
   * @return the order ids shipping received, in arrival order
   * @throws Exception if the example fails
   */
  public static List<String> run(DataSource dataSource, String schema) throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
    List<String> shipped = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    try (EventBus bus =
            EventBus.builder()
                .group("shipping", GroupOptions.custom().idempotent(true).build())
                .build();
        Outbox outbox = Outbox.builder(dataSource).table(schema + ".outbox").build(bus)) {
      bus.subscribe(
          "orders",
          "shipping",
          OrderPlaced.class,
          (order, ctx) -> {
            System.out.println("Shipping " + order.orderId() + " (event " + ctx.event().id() + ")");
            shipped.add(order.orderId());
            three.countDown();
          });
      outbox.createSchema().relay().start();
      OrderService orders = new OrderService(dataSource, outbox, schema);
      String run = UUID.randomUUID().toString().substring(0, 6);
      orders.place(new OrderPlaced("o-" + run + "-1", "alice", 4_200));
      orders.place(new OrderPlaced("o-" + run + "-2", "bob", 1_999));
      reject(orders, new OrderPlaced("o-" + run + "-free", "alice", 0));
      orders.place(new OrderPlaced("o-" + run + "-3", "alice", 500));
      if (!three.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("shipping received only " + shipped);
      }
    }
    return shipped;
  }

  private static void reject(OrderService orders, OrderPlaced order) throws SQLException {
    try {
      orders.place(order);
    } catch (IllegalArgumentException e) {
      System.out.println("Rejected: " + e.getMessage() + "; neither stored nor published");
    }
  }

  private static HikariDataSource dataSource(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }
}
