package dev.eventbus.outbox.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shards one relay holds: a lease per shard in {@code <table>_lease}, renewed by its holder,
 * and a heartbeat in {@code <table>_relay}, so that each live relay takes its share, {@code
 * ceil(shards / live relays)}. A relay over its share releases shards (only between batches, so
 * nothing of theirs is in flight); one under it claims free or expired ones with a conditional
 * update, which two relays cannot both win. Used by the relay's thread only.
 */
final class Leases {
  private final OutboxSql sql;
  private final String owner;
  private final int shards;
  private final Duration lease;
  private Set<Integer> owned = Set.of();
  private long validUntil;
  private boolean rowsCreated;

  Leases(OutboxSql sql, String owner, int shards, Duration lease) {
    this.sql = sql;
    this.owner = owner;
    this.shards = shards;
    this.lease = lease;
    this.validUntil = System.nanoTime();
  }

  /**
   * Beats, renews, and releases or claims shards up to this relay's share.
   *
   * @param c a connection in auto-commit mode
   */
  void maintain(Connection c) throws SQLException {
    long start = System.nanoTime();
    if (!rowsCreated) {
      createRows(c);
    }
    update(c, sql.heartbeat, owner, lease.toMillis());
    update(c, sql.forgetRelays);
    int live = Math.max(1, count(c, sql.liveRelays));
    update(c, sql.renew, lease.toMillis(), owner);
    TreeSet<Integer> mine = new TreeSet<>(shards(c, sql.owned, owner, shards));
    int share = (shards + live - 1) / live;
    while (mine.size() > share) {
      update(c, sql.release, mine.pollLast(), owner);
    }
    if (mine.size() < share) {
      for (int shard : shards(c, sql.free, shards)) {
        if (mine.size() >= share) {
          break;
        }
        if (update(c, sql.claim, owner, lease.toMillis(), shard) == 1) {
          mine.add(shard);
        }
      }
    }
    owned = Set.copyOf(mine);
    validUntil = start + lease.toNanos();
  }

  /**
   * The shards this relay may publish now: those it holds, if its leases outlast a publish.
   *
   * @param publishTimeout the longest a batch takes
   * @return the shards, empty if the leases may expire before a batch ends
   */
  Set<Integer> workable(Duration publishTimeout) {
    return validUntil - System.nanoTime() > publishTimeout.toNanos() ? owned : Set.of();
  }

  /** {@return the shards held at the last renewal} */
  Set<Integer> owned() {
    return owned;
  }

  /** Gives up every shard and the heartbeat, so that other relays take over at once. */
  void leave(Connection c) throws SQLException {
    owned = Set.of();
    update(c, sql.leaveLeases, owner);
    update(c, sql.leaveRelay, owner);
  }

  private void createRows(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.ensureLease)) {
      for (int shard = 0; shard < shards; shard++) {
        ps.setInt(1, shard);
        ps.executeUpdate();
      }
    }
    rowsCreated = true;
  }

  private static int update(Connection c, String statement, Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(c, statement, args)) {
      return ps.executeUpdate();
    }
  }

  private static int count(Connection c, String statement) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(statement);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static List<Integer> shards(Connection c, String statement, Object... args)
      throws SQLException {
    List<Integer> result = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, statement, args);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(rs.getInt(1));
      }
    }
    return result;
  }

  private static PreparedStatement prepare(Connection c, String statement, Object... args)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(statement);
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (args[i] instanceof Long n) {
        ps.setLong(i + 1, n);
      } else {
        ps.setString(i + 1, (String) args[i]);
      }
    }
    return ps;
  }
}
