package dev.eventbus.examples.outbox;

import dev.eventbus.Event;
import dev.eventbus.outbox.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Stores orders and announces them: the order row and its event are written in one transaction, so
 * an order is announced exactly when it is stored. Thread-safe.
 */
public final class OrderService {
  private final DataSource dataSource;
  private final Outbox outbox;
  private final String schema;

  /**
   * Creates the service and its table.
   *
   * @param dataSource the database
   * @param outbox the outbox on the same database
   * @param schema the schema of the orders table
   * @throws SQLException if the table cannot be created
   */
  public OrderService(DataSource dataSource, Outbox outbox, String schema) throws SQLException {
    this.dataSource = dataSource;
    this.outbox = outbox;
    this.schema = schema;
    try (Connection c = dataSource.getConnection()) {
      c.createStatement()
          .execute(
              "CREATE TABLE IF NOT EXISTS "
                  + schema
                  + ".orders (id TEXT PRIMARY KEY, customer TEXT NOT NULL, total_cents BIGINT"
                  + " NOT NULL)");
    }
  }

  /**
   * Places an order: stores it and writes its event, or neither.
   *
   * @param order the order
   * @return the event's id
   * @throws SQLException if the order cannot be stored (nothing is published then)
   * @throws IllegalArgumentException if the total is not positive (nothing is stored or published)
   */
  public String place(OrderPlaced order) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        insert(c, order);
        Event<?> event =
            outbox.publish(
                c, "orders", Event.builder(order).partitionKey(order.customer()).build());
        if (order.totalCents() <= 0) {
          throw new IllegalArgumentException("order " + order.orderId() + " has no total");
        }
        c.commit();
        return event.id();
      } catch (SQLException | RuntimeException e) {
        c.rollback(); // the order row and its event go together
        throw e;
      }
    }
  }

  private void insert(Connection c, OrderPlaced order) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO " + schema + ".orders (id, customer, total_cents) VALUES (?, ?, ?)")) {
      ps.setString(1, order.orderId());
      ps.setString(2, order.customer());
      ps.setLong(3, order.totalCents());
      ps.executeUpdate();
    }
  }
}
