package dev.eventbus.idempotency;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.IdempotencyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An {@link IdempotencyStore} in a relational database, shared by every instance of a group across
 * processes. Plain JDBC over the application's {@link DataSource}, in portable SQL (a duplicate
 * insert is recognised by SQLSTATE class 23, times are {@code TIMESTAMP(6)}): tested on PostgreSQL
 * and MariaDB. On MariaDB and MySQL a schema-qualified table names a database.
 *
 * <pre>{@code
 * IdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).table("processed_events").build();
 * store.createTableIfMissing();
 * EventBus bus = EventBus.builder().idempotencyStore(store)...build();
 * }</pre>
 *
 * <p>Handled ids are kept until {@link #deleteOlderThan(Duration)} removes them; schedule it to
 * bound the table. A claim whose holder crashed expires after the claim timeout. Thread-safe: each
 * call takes a connection from the pool and returns it.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final String table;
  private final Duration claimTimeout;

  private JdbcIdempotencyStore(DataSource dataSource, String table, Duration claimTimeout) {
    this.dataSource = dataSource;
    this.table = table;
    this.claimTimeout = claimTimeout;
  }

  /**
   * A builder over a data source.
   *
   * @param dataSource where the table lives
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Creates the table if it does not exist. Idempotent.
   *
   * @return this store
   */
  public JdbcIdempotencyStore createTableIfMissing() {
    String ddl =
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (group_name VARCHAR(255) NOT NULL, event_id VARCHAR(255) NOT NULL,"
            + " state CHAR(1) NOT NULL, claimed_until TIMESTAMP(6) NOT NULL,"
            + " processed_at TIMESTAMP(6) NOT NULL, PRIMARY KEY (group_name, event_id))";
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(ddl);
      return this;
    } catch (SQLException e) {
      throw new EventBusException("Cannot create idempotency table " + table, e);
    }
  }

  @Override
  public Claim claim(String group, String eventId) {
    Instant now = Instant.now();
    Timestamp until = Timestamp.from(now.plus(claimTimeout));
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + table
                  + " (group_name, event_id, state, claimed_until, processed_at)"
                  + " VALUES (?, ?, 'P', ?, ?)")) {
        ps.setString(1, group);
        ps.setString(2, eventId);
        ps.setTimestamp(3, until);
        ps.setTimestamp(4, Timestamp.from(now));
        ps.executeUpdate();
        return Claim.CLAIMED;
      } catch (SQLException e) {
        if (!isDuplicateKey(e)) {
          throw e;
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET claimed_until = ? WHERE group_name = ? AND event_id = ?"
                  + " AND state = 'P' AND claimed_until < ?")) {
        ps.setTimestamp(1, until);
        ps.setString(2, group);
        ps.setString(3, eventId);
        ps.setTimestamp(4, Timestamp.from(now));
        if (ps.executeUpdate() == 1) {
          return Claim.CLAIMED; // the previous holder's claim expired
        }
      }
      return isDone(c, group, eventId) ? Claim.DONE : Claim.BUSY;
    } catch (SQLException e) {
      throw new EventBusException("Cannot claim in idempotency table " + table, e);
    }
  }

  @Override
  public void complete(String group, String eventId) {
    update(
        "UPDATE "
            + table
            + " SET state = 'D', processed_at = ? WHERE group_name = ? AND event_id = ?",
        group,
        eventId,
        true);
  }

  @Override
  public void release(String group, String eventId) {
    update(
        "DELETE FROM " + table + " WHERE state = 'P' AND group_name = ? AND event_id = ?",
        group,
        eventId,
        false);
  }

  @Override
  public boolean contains(String group, String eventId) {
    try (Connection c = dataSource.getConnection()) {
      return isDone(c, group, eventId);
    } catch (SQLException e) {
      throw new EventBusException("Cannot read idempotency table " + table, e);
    }
  }

  private boolean isDone(Connection c, String group, String eventId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM " + table + " WHERE group_name = ? AND event_id = ? AND state = 'D'")) {
      ps.setString(1, group);
      ps.setString(2, eventId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void update(String sql, String group, String eventId, boolean withTime) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (withTime) {
        ps.setTimestamp(i++, Timestamp.from(Instant.now()));
      }
      ps.setString(i++, group);
      ps.setString(i, eventId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new EventBusException("Cannot write idempotency table " + table, e);
    }
  }

  private static boolean isDuplicateKey(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  /**
   * Forgets ids recorded longer ago than a retention.
   *
   * @param retention how long to remember
   * @return how many ids were forgotten
   */
  public int deleteOlderThan(Duration retention) {
    String sql = "DELETE FROM " + table + " WHERE state = 'D' AND processed_at < ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(Instant.now().minus(retention)));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new EventBusException("Cannot trim idempotency table " + table, e);
    }
  }

  @Override
  public String toString() {
    return "JdbcIdempotencyStore{table=" + table + "}";
  }

  /** Builds a {@link JdbcIdempotencyStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = "eventbus_processed_events";
    private Duration claimTimeout = Duration.ofMinutes(1);

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The table name (default {@code eventbus_processed_events}); may be schema-qualified.
     *
     * @param table a SQL identifier, optionally {@code schema.table}
     * @return this builder
     */
    public Builder table(String table) {
      this.table = table;
      return this;
    }

    /**
     * How long a claim holds before another instance may take the id (default one minute; more than
     * any handler runs, at most a day). Times are the application's clock.
     *
     * @param claimTimeout the timeout
     * @return this builder
     */
    public Builder claimTimeout(Duration claimTimeout) {
      this.claimTimeout = claimTimeout;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the store
     */
    public JdbcIdempotencyStore build() {
      String[] parts = table == null ? new String[] {""} : table.split("\\.", -1);
      for (String part : parts) {
        if (parts.length > 2 || !IDENTIFIER.matcher(part).matches()) {
          throw new ConfigurationException(
              "idempotency.jdbc.table", table, "a SQL identifier, optionally schema-qualified");
        }
      }
      if (claimTimeout == null
          || claimTimeout.isNegative()
          || claimTimeout.isZero()
          || claimTimeout.compareTo(Duration.ofDays(1)) > 0) {
        throw new ConfigurationException(
            "idempotency.jdbc.claimTimeout", claimTimeout, "a duration from 1 ns to 1 day");
      }
      return new JdbcIdempotencyStore(dataSource, table, claimTimeout);
    }
  }
}
