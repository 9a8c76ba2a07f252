package dev.eventbus.outbox.internal;

import dev.eventbus.outbox.OutboxDialect;

/**
 * The statements of one outbox table in one dialect, built once. Times are always the database's
 * ({@code clock_timestamp()}, {@code CURRENT_TIMESTAMP(6)}), so that relays on machines whose
 * clocks differ agree on when a lease expires. Immutable.
 */
public final class OutboxSql {
  /** The dialect. */
  public final OutboxDialect dialect;

  /** The outbox table as configured. */
  public final String table;

  final String insert;
  final String lock;
  final String delete;
  final String moveDead;
  final String backlog;
  final String ensureLease;
  final String heartbeat;
  final String forgetRelays;
  final String liveRelays;
  final String renew;
  final String owned;
  final String release;
  final String free;
  final String claim;
  final String leaveLeases;
  final String leaveRelay;
  final String deadRows;
  final String deadRow;
  final String redrive;
  final String deleteDead;
  final String purgeDead;

  /**
   * Builds the statements.
   *
   * @param dialect the dialect
   * @param table the table, a SQL identifier, optionally qualified
   */
  public OutboxSql(OutboxDialect dialect, String table) {
    this.dialect = dialect;
    this.table = table;
    boolean pg = dialect == OutboxDialect.POSTGRESQL;
    String now = pg ? "clock_timestamp()" : "CURRENT_TIMESTAMP(6)";
    String until =
        pg
            ? "clock_timestamp() + CAST(? AS BIGINT) * INTERVAL '1 millisecond'"
            : "TIMESTAMPADD(MICROSECOND, ? * 1000, CURRENT_TIMESTAMP(6))";
    String before =
        pg
            ? "clock_timestamp() - CAST(? AS BIGINT) * INTERVAL '1 millisecond'"
            : "TIMESTAMPADD(MICROSECOND, -(? * 1000), CURRENT_TIMESTAMP(6))";
    String columns = "topic, shard, msg_key, attributes, headers, body";
    String lease = table + "_lease";
    String relay = table + "_relay";
    String dead = table + "_dead";
    insert = "INSERT INTO " + table + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?)";
    lock =
        pg
            ? "SELECT pg_advisory_xact_lock(?, ?)"
            : "INSERT INTO "
                + table
                + "_lock (slot) VALUES (?) ON DUPLICATE KEY UPDATE slot = slot";
    delete = "DELETE FROM " + table + " WHERE id = ?";
    moveDead =
        "INSERT INTO "
            + dead
            + " (id, "
            + columns
            + ", created_at, reason) SELECT id, "
            + columns
            + ", created_at, ? FROM "
            + table
            + " WHERE id = ?";
    backlog =
        "SELECT COUNT(*), "
            + (pg
                ? "COALESCE(EXTRACT(EPOCH FROM (clock_timestamp() - MIN(created_at))) * 1000, 0)"
                : "COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(created_at), CURRENT_TIMESTAMP(6)), 0)"
                    + " / 1000")
            + " FROM "
            + table;
    ensureLease =
        pg
            ? "INSERT INTO "
                + lease
                + " (shard, owner, expires_at) VALUES (?, NULL, "
                + now
                + ")"
                + " ON CONFLICT (shard) DO NOTHING"
            : "INSERT IGNORE INTO "
                + lease
                + " (shard, owner, expires_at) VALUES (?, NULL, "
                + now
                + ")";
    heartbeat =
        "INSERT INTO "
            + relay
            + " (owner, expires_at) VALUES (?, "
            + until
            + ")"
            + (pg
                ? " ON CONFLICT (owner) DO UPDATE SET expires_at = EXCLUDED.expires_at"
                : " ON DUPLICATE KEY UPDATE expires_at = VALUES(expires_at)");
    forgetRelays = "DELETE FROM " + relay + " WHERE expires_at < " + now;
    liveRelays = "SELECT COUNT(*) FROM " + relay + " WHERE expires_at >= " + now;
    renew = "UPDATE " + lease + " SET expires_at = " + until + " WHERE owner = ?";
    owned =
        "SELECT shard FROM "
            + lease
            + " WHERE owner = ? AND expires_at > "
            + now
            + " AND shard < ? ORDER BY shard";
    release = "UPDATE " + lease + " SET owner = NULL WHERE shard = ? AND owner = ?";
    String available = "(owner IS NULL OR expires_at < " + now + ")";
    free = "SELECT shard FROM " + lease + " WHERE " + available + " AND shard < ? ORDER BY shard";
    claim =
        "UPDATE "
            + lease
            + " SET owner = ?, expires_at = "
            + until
            + " WHERE shard = ? AND "
            + available;
    leaveLeases = "UPDATE " + lease + " SET owner = NULL WHERE owner = ?";
    leaveRelay = "DELETE FROM " + relay + " WHERE owner = ?";
    deadRows =
        "SELECT id, topic, msg_key, attributes, created_at, failed_at, reason FROM "
            + dead
            + " ORDER BY id LIMIT ?";
    deadRow = "SELECT " + columns + " FROM " + dead + " WHERE id = ?";
    redrive = insert;
    deleteDead = "DELETE FROM " + dead + " WHERE id = ?";
    purgeDead = "DELETE FROM " + dead + " WHERE failed_at < " + before;
  }

  /**
   * The rows of some shards in id order, at most a limit.
   *
   * @param shards how many shards the statement names
   * @return the statement: the shards, then the limit
   */
  String fetch(int shards) {
    StringBuilder sql =
        new StringBuilder("SELECT id, topic, msg_key, attributes, headers, body FROM ")
            .append(table)
            .append(" WHERE shard IN (");
    for (int i = 0; i < shards; i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    return sql.append(") ORDER BY id LIMIT ?").toString();
  }

  /**
   * The channel a commit notifies on PostgreSQL: the table's name as configured.
   *
   * @return the channel
   */
  public String channel() {
    return table;
  }
}
