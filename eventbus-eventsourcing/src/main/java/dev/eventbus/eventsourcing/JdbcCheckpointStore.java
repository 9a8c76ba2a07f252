package dev.eventbus.eventsourcing;

import dev.eventbus.eventsourcing.internal.PostgresSchema;
import dev.eventbus.eventsourcing.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A {@link CheckpointStore} in the tables {@code es_checkpoints} and {@code es_dead_letters} of a
 * {@link PostgresEventStore}'s schema; obtain it from {@link PostgresEventStore#checkpointStore()}.
 * "Jdbc" names what it offers a {@link JdbcProjection} (the caller's {@link Connection}); its SQL
 * is PostgreSQL's, like the store's.
 *
 * <p>Besides the {@link CheckpointStore} methods, which each run in a transaction of their own, it
 * offers the same operations on a caller's {@link Connection}, so that a {@link JdbcProjection}
 * commits its read model and its checkpoint together. Thread-safe.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
  private final DataSource dataSource;
  private final String load;
  private final String save;
  private final String deleteCheckpoint;
  private final String deleteDeadLetters;
  private final String insertDeadLetter;
  private final String selectDeadLetters;

  JdbcCheckpointStore(DataSource dataSource, PostgresSchema schema) {
    this.dataSource = dataSource;
    String checkpoints = schema.table("es_checkpoints");
    String deadLetters = schema.table("es_dead_letters");
    load = "SELECT position FROM " + checkpoints + " WHERE name = ?";
    save =
        "INSERT INTO "
            + checkpoints
            + " (name, position, updated_at) VALUES (?, ?, now())"
            + " ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()";
    deleteCheckpoint = "DELETE FROM " + checkpoints + " WHERE name = ?";
    deleteDeadLetters = "DELETE FROM " + deadLetters + " WHERE name = ?";
    insertDeadLetter =
        "INSERT INTO "
            + deadLetters
            + " (name, position, stream_id, stream_version, event_id, event_type, event_version,"
            + " error, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (name, position) DO UPDATE SET error = EXCLUDED.error";
    selectDeadLetters =
        "SELECT name, position, stream_id, stream_version, event_id, event_type, event_version,"
            + " error, recorded_at FROM "
            + deadLetters
            + " WHERE name = ? ORDER BY position";
  }

  /**
   * The database of the checkpoints: a {@link JdbcProjection}'s read model must be in it.
   *
   * @return the data source
   */
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public long load(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(load)) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw Sql.translate("Loading checkpoint '" + name + "'", e);
    }
  }

  @Override
  public void save(String name, long position) {
    try {
      Sql.transaction(
          dataSource,
          c -> {
            save(c, name, position);
            return null;
          });
    } catch (SQLException e) {
      throw Sql.translate("Saving checkpoint '" + name + "'", e);
    }
  }

  /**
   * Stores a position within the caller's transaction.
   *
   * @param c the connection
   * @param name the projection or relay
   * @param position the last position fully processed
   * @throws SQLException on failure
   */
  public void save(Connection c, String name, long position) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(save)) {
      s.setString(1, name);
      s.setLong(2, position);
      s.executeUpdate();
    }
  }

  @Override
  public void reset(String name) {
    try {
      Sql.transaction(
          dataSource,
          c -> {
            reset(c, name);
            return null;
          });
    } catch (SQLException e) {
      throw Sql.translate("Resetting checkpoint '" + name + "'", e);
    }
  }

  /**
   * Deletes a position and its dead letters within the caller's transaction.
   *
   * @param c the connection
   * @param name the projection or relay
   * @throws SQLException on failure
   */
  public void reset(Connection c, String name) throws SQLException {
    for (String sql : List.of(deleteCheckpoint, deleteDeadLetters)) {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, name);
        s.executeUpdate();
      }
    }
  }

  @Override
  public void recordDeadLetter(ProjectionDeadLetter deadLetter) {
    try {
      Sql.transaction(
          dataSource,
          c -> {
            recordDeadLetter(c, deadLetter);
            return null;
          });
    } catch (SQLException e) {
      throw Sql.translate("Recording a dead letter of '" + deadLetter.projection() + "'", e);
    }
  }

  /**
   * Records a skipped event within the caller's transaction.
   *
   * @param c the connection
   * @param d the record
   * @throws SQLException on failure
   */
  public void recordDeadLetter(Connection c, ProjectionDeadLetter d) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(insertDeadLetter)) {
      s.setString(1, d.projection());
      s.setLong(2, d.position());
      s.setString(3, d.streamId());
      s.setLong(4, d.version());
      s.setString(5, d.eventId());
      s.setString(6, d.type());
      s.setString(7, d.eventVersion());
      s.setString(8, d.error());
      s.setObject(9, Sql.timestamp(d.recordedAt()));
      s.executeUpdate();
    }
  }

  @Override
  public List<ProjectionDeadLetter> deadLetters(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(selectDeadLetters)) {
      s.setString(1, name);
      List<ProjectionDeadLetter> list = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          list.add(
              new ProjectionDeadLetter(
                  r.getString(1),
                  r.getLong(2),
                  r.getString(3),
                  r.getLong(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getString(8),
                  r.getObject(9, OffsetDateTime.class).toInstant()));
        }
      }
      return list;
    } catch (SQLException e) {
      throw Sql.translate("Reading dead letters of '" + name + "'", e);
    }
  }
}
