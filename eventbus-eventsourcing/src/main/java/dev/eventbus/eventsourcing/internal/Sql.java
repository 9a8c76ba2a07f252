package dev.eventbus.eventsourcing.internal;

import dev.eventbus.RetryableEventBusException;
import dev.eventbus.eventsourcing.EventStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** JDBC plumbing shared by the PostgreSQL classes. */
public final class Sql {
  /** SQLSTATE of a unique constraint violation. */
  public static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  /**
   * Work on a connection inside a transaction.
   *
   * @param <T> the result type
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @param c the connection, in a transaction
     * @return the result
     * @throws SQLException on failure: the transaction is rolled back
     */
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs work in one transaction on a borrowed connection: commits if it returns, rolls back if it
   * throws, and restores the connection's auto-commit mode before returning it.
   *
   * @param dataSource where the connection comes from
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws SQLException from the work or the driver
   */
  public static <T> T transaction(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /**
   * Wraps a JDBC failure: transient ones as {@link RetryableEventBusException}, others as {@link
   * EventStoreException}.
   *
   * @param what the operation, for the message
   * @param e the failure
   * @return the exception to throw
   */
  public static RuntimeException translate(String what, SQLException e) {
    String message = what + " failed: " + e.getMessage();
    return Failures.isTransient(e)
        ? new RetryableEventBusException(message, e)
        : new EventStoreException(message, e);
  }

  /**
   * Rolls back, keeping the original failure as the one to report.
   *
   * @param c the connection
   * @param original the failure that made the rollback necessary
   */
  public static void rollback(Connection c, Throwable original) {
    try {
      c.rollback();
    } catch (SQLException e) {
      original.addSuppressed(e);
    }
  }

  /**
   * An instant as a {@code timestamptz} parameter.
   *
   * @param instant the instant
   * @return the value to bind
   */
  public static OffsetDateTime timestamp(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
