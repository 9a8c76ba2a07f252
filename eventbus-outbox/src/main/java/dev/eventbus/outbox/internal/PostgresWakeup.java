package dev.eventbus.outbox.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits on PostgreSQL's {@code LISTEN}: every transaction that writes to the outbox sends {@code
 * NOTIFY} on the table's channel, which PostgreSQL delivers when it commits. The relay holds one
 * connection of the pool for it. A broken connection is replaced at the next wait; until then the
 * relay polls.
 *
 * <p>The driver's {@code PGConnection#getNotifications(int)} is called reflectively: the outbox
 * does not depend on the driver, which works wherever the application puts it (class path or module
 * path, any pool that unwraps to it).
 */
final class PostgresWakeup extends Wakeup.Polling {
  private static final Logger log = LoggerFactory.getLogger(PostgresWakeup.class);
  private static final String PG_CONNECTION = "org.postgresql.PGConnection";
  private static final int SLICE_MILLIS = 200; // how often a wait looks at wake()

  private final DataSource dataSource;
  private final String channel;
  private Connection connection;
  private Object listener; // the driver's PGConnection
  private Method getNotifications;
  private volatile boolean wakeRequested;

  PostgresWakeup(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
  }

  @Override
  public void await(long nanos) throws InterruptedException {
    if (!listening()) {
      super.await(nanos);
      return;
    }
    long deadline = System.nanoTime() + nanos;
    try {
      long left;
      while (!wakeRequested && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
        Object[] got =
            (Object[]) getNotifications.invoke(listener, (int) Math.min(SLICE_MILLIS, left));
        if (got != null && got.length > 0) {
          break;
        }
      }
    } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      log.warn(
          "Outbox channel '{}': LISTEN connection failed, polling: {}", channel, cause.toString());
      closeConnection();
    }
    wakeRequested = false;
  }

  private boolean listening() {
    if (connection != null) {
      return true;
    }
    try {
      Connection c = dataSource.getConnection();
      connection = c;
      c.setAutoCommit(true);
      Class<?> type = Class.forName(PG_CONNECTION, false, c.getClass().getClassLoader());
      listener = c.unwrap(type);
      getNotifications = type.getMethod("getNotifications", int.class);
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
      }
      return true;
    } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
      log.warn("Outbox channel '{}': cannot LISTEN, polling: {}", channel, e.toString());
      closeConnection();
      return false;
    }
  }

  @Override
  public void wake() {
    wakeRequested = true;
    super.wake();
  }

  @Override
  public void close() {
    wake();
    closeConnection();
  }

  private synchronized void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("Closing the LISTEN connection failed", e);
      }
      connection = null;
      listener = null;
    }
  }
}
