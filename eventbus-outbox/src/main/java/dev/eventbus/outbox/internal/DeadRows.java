package dev.eventbus.outbox.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.outbox.DeadRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Lists, redrives and purges the rows moved aside. Thread-safe: a connection per call. */
public final class DeadRows {
  private final DataSource dataSource;
  private final OutboxSql sql;
  private final OutboxWriter writer;

  /**
   * Creates the view.
   *
   * @param dataSource the database
   * @param sql the statements
   * @param writer locks a row's unit when it goes back to the outbox
   */
  public DeadRows(DataSource dataSource, OutboxSql sql, OutboxWriter writer) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.writer = writer;
  }

  /**
   * The oldest dead rows.
   *
   * @param max at most this many
   * @return the rows in id order
   */
  public List<DeadRow> list(int max) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.deadRows)) {
      ps.setInt(1, max);
      List<DeadRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, String> attributes = Json.read(rs.getString(4));
          rows.add(
              new DeadRow(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  attributes.get("id"),
                  attributes.get("type"),
                  instant(rs.getTimestamp(5)),
                  instant(rs.getTimestamp(6)),
                  rs.getString(7)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new EventBusException("Cannot read " + sql.table + "_dead: " + e.getMessage(), e);
    }
  }

  /**
   * Puts a dead row back at the end of its unit, under a new id, in one transaction.
   *
   * @param id the dead row's id
   * @return false if there is no such dead row
   */
  public boolean redrive(long id) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        boolean moved = moveBack(c, id);
        c.commit();
        return moved;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new EventBusException("Cannot redrive outbox row " + id + ": " + e.getMessage(), e);
    }
  }

  private boolean moveBack(Connection c, long id) throws SQLException {
    try (PreparedStatement read = c.prepareStatement(sql.deadRow)) {
      read.setLong(1, id);
      try (ResultSet rs = read.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        writer.lock(c, rs.getString(1), rs.getString(3));
        try (PreparedStatement insert = c.prepareStatement(sql.redrive)) {
          insert.setString(1, rs.getString(1));
          insert.setInt(2, rs.getInt(2));
          insert.setString(3, rs.getString(3));
          insert.setString(4, rs.getString(4));
          insert.setString(5, rs.getString(5));
          insert.setBytes(6, rs.getBytes(6));
          insert.executeUpdate();
        }
      }
    }
    try (PreparedStatement delete = c.prepareStatement(sql.deleteDead)) {
      delete.setLong(1, id);
      delete.executeUpdate();
    }
    writer.notifyIfListening(c);
    return true;
  }

  /**
   * Deletes the dead rows moved aside longer ago than a retention.
   *
   * @param retention how long to keep them
   * @return how many were deleted
   */
  public int purge(Duration retention) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.purgeDead)) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      ps.setLong(1, retention.toMillis());
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new EventBusException("Cannot purge " + sql.table + "_dead: " + e.getMessage(), e);
    }
  }

  private static java.time.Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
