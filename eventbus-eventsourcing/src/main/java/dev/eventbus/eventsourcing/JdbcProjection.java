package dev.eventbus.eventsourcing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A projection whose read model is in the database of a {@link JdbcCheckpointStore}: each page of
 * events is applied in one transaction that also stores the checkpoint, so the read model and its
 * checkpoint never disagree, even after a crash, and events are applied exactly once.
 *
 * <pre>{@code
 * final class Balances implements JdbcProjection {
 *   public String name() { return "balances"; }
 *
 *   public void apply(Connection c, RecordedEvent event) throws SQLException {
 *     if (event.payload() instanceof MoneyDeposited d) {
 *       try (PreparedStatement s = c.prepareStatement(
 *           "INSERT INTO balances (account, balance) VALUES (?, ?)"
 *               + " ON CONFLICT (account) DO UPDATE SET balance = balances.balance + EXCLUDED.balance")) {
 *         s.setString(1, d.account());
 *         s.setLong(2, d.amount());
 *         s.executeUpdate();
 *       }
 *     }
 *   }
 *
 *   public void reset(Connection c) throws SQLException {
 *     try (Statement s = c.createStatement()) { s.execute("DELETE FROM balances"); }
 *   }
 * }
 * }</pre>
 *
 * <p>Do not commit, roll back or close the connection: the runner does. Calls come from the
 * projection's own thread, in position order.
 */
public interface JdbcProjection {
  /**
   * The projection's name: its checkpoint, metrics tag and dead letters are kept under it. Stable
   * across restarts; unique within a runner.
   *
   * @return the name
   */
  String name();

  /**
   * Applies one event to the read model, inside the runner's transaction.
   *
   * @param connection the transaction's connection
   * @param event the event, already decoded
   * @throws SQLException to roll back the page: transient failures (lost connection, deadlock)
   *     retry it after a backoff, others stop the projection
   */
  void apply(Connection connection, RecordedEvent event) throws SQLException;

  /**
   * Clears the read model, inside the transaction that also deletes the checkpoint, before a
   * rebuild from position 0.
   *
   * @param connection the transaction's connection
   * @throws SQLException if it cannot be cleared; the rebuild fails and nothing changes
   */
  void reset(Connection connection) throws SQLException;
}
