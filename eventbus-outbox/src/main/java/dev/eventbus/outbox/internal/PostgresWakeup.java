package dev.eventbus.outbox.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits on PostgreSQL's {@code LISTEN}: every transaction that writes to the outbox sends {@code
 * NOTIFY} on the table's channel, which PostgreSQL delivers when it commits. The relay holds one
 * connection of the pool for it. A broken connection is replaced at the next wait; until then the
 * relay polls.
 */
final class PostgresWakeup extends Wakeup.Polling {
  private static final Logger log = LoggerFactory.getLogger(PostgresWakeup.class);
  private static final int SLICE_MILLIS = 200; // how often a wait looks at wake()

  private final DataSource dataSource;
  private final String channel;
  private Connection connection;
  private volatile boolean wakeRequested;

  PostgresWakeup(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
  }

  @Override
  public void await(long nanos) throws InterruptedException {
    PGConnection pg = listening();
    if (pg == null) {
      super.await(nanos);
      return;
    }
    long deadline = System.nanoTime() + nanos;
    try {
      long left;
      while (!wakeRequested && (left = (deadline - System.nanoTime()) / 1_000_000) > 0) {
        PGNotification[] got = pg.getNotifications((int) Math.min(SLICE_MILLIS, left));
        if (got != null && got.length > 0) {
          break;
        }
      }
    } catch (SQLException e) {
      log.warn("Outbox channel '{}': LISTEN connection failed, polling: {}", channel, e.toString());
      closeConnection();
    }
    wakeRequested = false;
  }

  private PGConnection listening() {
    if (connection != null) {
      return unwrap(connection);
    }
    try {
      Connection c = dataSource.getConnection();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
      }
      connection = c;
      return unwrap(c);
    } catch (SQLException e) {
      log.warn("Outbox channel '{}': cannot LISTEN, polling: {}", channel, e.toString());
      closeConnection();
      return null;
    }
  }

  private PGConnection unwrap(Connection c) {
    try {
      return c.unwrap(PGConnection.class);
    } catch (SQLException e) {
      closeConnection();
      return null;
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
    }
  }
}
