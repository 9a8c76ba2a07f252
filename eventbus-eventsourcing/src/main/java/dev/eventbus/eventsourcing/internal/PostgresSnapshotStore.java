package dev.eventbus.eventsourcing.internal;

import dev.eventbus.eventsourcing.Snapshot;
import dev.eventbus.eventsourcing.SnapshotStore;
import dev.eventbus.spi.BrokerMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Snapshots in {@code es_snapshots}: one row per stream, the newest version wins. */
public final class PostgresSnapshotStore implements SnapshotStore {
  private final DataSource dataSource;
  private final String select;
  private final String upsert;

  /**
   * Creates the store.
   *
   * @param dataSource the database
   * @param schema the schema of the tables
   */
  public PostgresSnapshotStore(DataSource dataSource, PostgresSchema schema) {
    this.dataSource = dataSource;
    String table = schema.table("es_snapshots");
    select =
        "SELECT stream_version, partition_key, attributes::text, headers::text, payload FROM "
            + table
            + " WHERE stream_id = ?";
    upsert =
        "INSERT INTO "
            + table
            + " AS s (stream_id, stream_version, partition_key, attributes, headers, payload,"
            + " saved_at) VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, now())"
            + " ON CONFLICT (stream_id) DO UPDATE SET stream_version = EXCLUDED.stream_version,"
            + " partition_key = EXCLUDED.partition_key, attributes = EXCLUDED.attributes,"
            + " headers = EXCLUDED.headers, payload = EXCLUDED.payload, saved_at = now()"
            + " WHERE s.stream_version <= EXCLUDED.stream_version";
  }

  @Override
  public Optional<Snapshot> load(String streamId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(select)) {
      s.setString(1, streamId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        BrokerMessage state =
            BrokerMessage.of(
                r.getString(2),
                Envelopes.fromJson(r.getString(3)),
                Envelopes.fromJson(r.getString(4)),
                r.getBytes(5));
        return Optional.of(new Snapshot(streamId, r.getLong(1), state));
      }
    } catch (SQLException e) {
      throw Sql.translate("Loading the snapshot of '" + streamId + "'", e);
    }
  }

  @Override
  public void save(Snapshot snapshot) {
    BrokerMessage m = snapshot.state();
    try {
      Sql.transaction(
          dataSource,
          c -> {
            try (PreparedStatement s = c.prepareStatement(upsert)) {
              s.setString(1, snapshot.streamId());
              s.setLong(2, snapshot.version());
              s.setString(3, m.key());
              s.setString(4, Envelopes.toJson(m.attributes()));
              s.setString(5, Envelopes.toJson(m.headers()));
              s.setBytes(6, m.body());
              return s.executeUpdate();
            }
          });
    } catch (SQLException e) {
      throw Sql.translate("Saving the snapshot of '" + snapshot.streamId() + "'", e);
    }
  }
}
