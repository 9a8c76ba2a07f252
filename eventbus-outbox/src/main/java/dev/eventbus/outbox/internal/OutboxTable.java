package dev.eventbus.outbox.internal;

import dev.eventbus.NonRetryableException;
import dev.eventbus.spi.BrokerMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads rows for the relay and settles them: deleted once acknowledged, or moved aside. */
final class OutboxTable {
  /** What a batch came to: the rows to delete and those to move aside, with the reasons. */
  record Settlement(List<Long> published, List<Long> dead, List<String> reasons) {}

  private final OutboxSql sql;

  OutboxTable(OutboxSql sql) {
    this.sql = sql;
  }

  /**
   * The oldest rows of some shards, in id order. A row whose stored attributes cannot be read is
   * returned with a message that fails the size check, so that it is moved aside with a reason.
   */
  List<OutboxRow> fetch(Connection c, Set<Integer> shards, int max) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>(Math.min(max, 256));
    try (PreparedStatement ps = c.prepareStatement(sql.fetch(shards.size()))) {
      int i = 1;
      for (int shard : shards) {
        ps.setInt(i++, shard);
      }
      ps.setInt(i, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(row(rs));
        }
      }
    }
    return rows;
  }

  private static OutboxRow row(ResultSet rs) throws SQLException {
    long id = rs.getLong(1);
    Map<String, String> attributes;
    Map<String, String> headers;
    try {
      attributes = Json.read(rs.getString(4));
      headers = Json.read(rs.getString(5));
    } catch (RuntimeException e) {
      throw new UnreadableRow(id, e);
    }
    BrokerMessage message = BrokerMessage.of(rs.getString(3), attributes, headers, rs.getBytes(6));
    return new OutboxRow(id, rs.getString(2), message);
  }

  /** A row whose attributes are not JSON: it can never be published. */
  static final class UnreadableRow extends NonRetryableException {
    private static final long serialVersionUID = 1L;

    /** The row. */
    final long id;

    UnreadableRow(long id, Throwable cause) {
      super("Outbox row " + id + " cannot be read: " + cause.getMessage(), cause);
      this.id = id;
    }
  }

  /** Deletes the published rows and moves the dead ones aside, in one transaction. */
  void settle(Connection c, Settlement s) throws SQLException {
    if (s.published().isEmpty() && s.dead().isEmpty()) {
      return;
    }
    c.setAutoCommit(false);
    try {
      if (!s.dead().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(sql.moveDead)) {
          for (int i = 0; i < s.dead().size(); i++) {
            ps.setString(1, s.reasons().get(i));
            ps.setLong(2, s.dead().get(i));
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      try (PreparedStatement ps = c.prepareStatement(sql.delete)) {
        for (long id : s.published()) {
          ps.setLong(1, id);
          ps.addBatch();
        }
        for (long id : s.dead()) {
          ps.setLong(1, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Moves one unreadable row aside on its own.
   *
   * @param c a connection in auto-commit mode
   * @param row the failure naming the row
   */
  void moveAside(Connection c, UnreadableRow row) throws SQLException {
    settle(c, new Settlement(List.of(), List.of(row.id), List.of(Reasons.of(row))));
  }

  /**
   * The rows waiting and the age of the oldest, in milliseconds.
   *
   * @param c a connection
   * @return {count, age}
   */
  long[] backlog(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.backlog);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2)};
    }
  }
}
