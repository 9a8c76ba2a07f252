package dev.eventbus.outbox.internal;

import dev.eventbus.outbox.OutboxDialect;

/**
 * The statements of one outbox table in one dialect, built once. Times are always the database's
 * ({@code clock_timestamp()}, {@code CURRENT_TIMESTAMP(6)}), so that relays on machines whose
 * clocks differ agree on when a lease expires. Immutable.
 */
public final class OutboxSql {
  private static final String COLUMNS = "topic, shard, msg_key, attributes, headers, body";

  /** The dialect. */
  public final OutboxDialect dialect;

  /** The outbox table as configured. */
  public final String table;

  // Assigned once by the constructor's helpers, then only read.
  String insert;
  String lock;
  String delete;
  String moveDead;
  String backlog;
  String ensureLease;
  String heartbeat;
  String forgetRelays;
  String liveRelays;
  String renew;
  String owned;
  String release;
  String free;
  String claim;
  String leaveLeases;
  String leaveRelay;
  String deadRows;
  String deadRow;
  String redrive;
  String deleteDead;
  String purgeDead;

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
    rowStatements(pg);
    leaseStatements(pg, now, until);
    deadStatements(before);
  }

  private void rowStatements(boolean pg) {
    insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    lock = lock(pg, table);
    delete = "DELETE FROM " + table + " WHERE id = ?";
    moveDead =
        "INSERT INTO "
            + table
            + "_dead (id, "
            + COLUMNS
            + ", created_at, reason) SELECT id, "
            + COLUMNS
            + ", created_at, ? FROM "
            + table
            + " WHERE id = ?";
    backlog = backlog(pg, table);
  }

  private void leaseStatements(boolean pg, String now, String until) {
    String lease = table + "_lease";
    String relay = table + "_relay";
    ensureLease = ensureLease(pg, lease, now);
    heartbeat = heartbeat(pg, relay, until);
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
  }

  private void deadStatements(String before) {
    String dead = table + "_dead";
    deadRows =
        "SELECT id, topic, msg_key, attributes, created_at, failed_at, reason FROM "
            + dead
            + " ORDER BY id LIMIT ?";
    deadRow = "SELECT " + COLUMNS + " FROM " + dead + " WHERE id = ?";
    redrive = insert;
    deleteDead = "DELETE FROM " + dead + " WHERE id = ?";
    purgeDead = "DELETE FROM " + dead + " WHERE failed_at < " + before;
  }

  private static String lock(boolean pg, String table) {
    return pg
        ? "SELECT pg_advisory_xact_lock(?, ?)"
        : "INSERT INTO " + table + "_lock (slot) VALUES (?) ON DUPLICATE KEY UPDATE slot = slot";
  }

  /** The rows waiting and the oldest one's age in milliseconds. */
  private static String backlog(boolean pg, String table) {
    String age =
        pg
            ? "COALESCE(EXTRACT(EPOCH FROM (clock_timestamp() - MIN(created_at))) * 1000, 0)"
            : "COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(created_at), CURRENT_TIMESTAMP(6)), 0) / 1000";
    return "SELECT COUNT(*), " + age + " FROM " + table;
  }

  private static String ensureLease(boolean pg, String lease, String now) {
    String insert = " INTO " + lease + " (shard, owner, expires_at) VALUES (?, NULL, " + now + ")";
    return pg ? "INSERT" + insert + " ON CONFLICT (shard) DO NOTHING" : "INSERT IGNORE" + insert;
  }

  private static String heartbeat(boolean pg, String relay, String until) {
    return "INSERT INTO "
        + relay
        + " (owner, expires_at) VALUES (?, "
        + until
        + ")"
        + (pg
            ? " ON CONFLICT (owner) DO UPDATE SET expires_at = EXCLUDED.expires_at"
            : " ON DUPLICATE KEY UPDATE expires_at = VALUES(expires_at)");
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
