package dev.eventbus.eventsourcing.internal;

import dev.eventbus.EventSerializer;
import dev.eventbus.eventsourcing.EventStoreException;
import dev.eventbus.eventsourcing.RecordedEvent;
import dev.eventbus.spi.BrokerMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of {@code es_events} and {@code es_log_head}, and the mapping of rows to events. */
public final class PostgresEventRows {
  private static final String COLUMNS =
      "position, stream_id, stream_version, recorded_at, partition_key, attributes::text,"
          + " headers::text, payload";

  private final PostgresSchema schema;
  private final EventSerializer serializer;
  private final String selectAll;
  private final String selectStream;
  private final String selectHead;
  private final String lockHead;
  private final String moveHead;
  private final String streamVersion;
  private final String insert;

  /**
   * Prepares the statements of a schema.
   *
   * @param schema the schema
   * @param serializer decodes what is read
   */
  public PostgresEventRows(PostgresSchema schema, EventSerializer serializer) {
    this.schema = schema;
    this.serializer = serializer;
    String events = schema.table("es_events");
    String head = schema.table("es_log_head");
    selectAll =
        "SELECT " + COLUMNS + " FROM " + events + " WHERE position >= ? ORDER BY position LIMIT ?";
    selectStream =
        "SELECT "
            + COLUMNS
            + " FROM "
            + events
            + " WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version LIMIT ?";
    selectHead = "SELECT position FROM " + head;
    lockHead = "SELECT position FROM " + head + " FOR UPDATE";
    moveHead = "UPDATE " + head + " SET position = ?";
    streamVersion =
        "SELECT coalesce(max(stream_version), 0) FROM " + events + " WHERE stream_id = ?";
    insert =
        "INSERT INTO "
            + events
            + " (position, stream_id, stream_version, event_id, event_type, event_version,"
            + " event_time, partition_key, attributes, headers, payload, recorded_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)";
  }

  /**
   * SQL reading the log from a position: parameters position, limit.
   *
   * @return the SQL
   */
  public String selectAll() {
    return selectAll;
  }

  /**
   * SQL reading a stream from a version: parameters stream id, version, limit.
   *
   * @return the SQL
   */
  public String selectStream() {
    return selectStream;
  }

  /**
   * SQL reading the head position.
   *
   * @return the SQL
   */
  public String selectHead() {
    return selectHead;
  }

  /**
   * Locks the head row until the transaction ends, and reads it.
   *
   * @param c a connection in a transaction
   * @return the head position
   * @throws SQLException on failure
   */
  public long lockHead(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(lockHead);
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new EventStoreException(
            "Table "
                + schema.table("es_log_head")
                + " has no row: run PostgresEventStore.migrate()");
      }
      return r.getLong(1);
    }
  }

  /**
   * Moves the head (locked by {@link #lockHead}).
   *
   * @param c the connection
   * @param position the new head
   * @throws SQLException on failure
   */
  public void moveHead(Connection c, long position) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(moveHead)) {
      s.setLong(1, position);
      s.executeUpdate();
    }
  }

  /**
   * The version of a stream.
   *
   * @param c the connection
   * @param streamId the stream
   * @return its version, 0 if it has no events
   * @throws SQLException on failure
   */
  public long streamVersion(Connection c, String streamId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(streamVersion)) {
      s.setString(1, streamId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /**
   * Inserts events in one batch.
   *
   * @param c the connection
   * @param events the events with their positions and versions
   * @throws SQLException on failure
   */
  public void insert(Connection c, List<RecordedEvent> events) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(insert)) {
      for (RecordedEvent e : events) {
        BrokerMessage m = e.message();
        s.setLong(1, e.position());
        s.setString(2, e.streamId());
        s.setLong(3, e.version());
        s.setString(4, m.id());
        s.setString(5, e.type());
        setVersion(s, 6, e.storedEventVersion());
        s.setObject(7, Sql.timestamp(time(m.attributes().get("time"))));
        s.setString(8, m.key());
        s.setString(9, Envelopes.toJson(m.attributes()));
        s.setString(10, Envelopes.toJson(m.headers()));
        s.setBytes(11, m.body());
        s.setObject(12, Sql.timestamp(e.recordedAt()));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /**
   * Runs a select of {@link #COLUMNS} and maps the rows.
   *
   * @param s the prepared select, parameters bound
   * @return the events
   * @throws SQLException on failure
   */
  public List<RecordedEvent> read(PreparedStatement s) throws SQLException {
    List<RecordedEvent> events = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        BrokerMessage message =
            BrokerMessage.of(
                r.getString(5),
                Envelopes.fromJson(r.getString(6)),
                Envelopes.fromJson(r.getString(7)),
                r.getBytes(8));
        events.add(
            RecordedEvent.of(
                r.getString(2),
                r.getLong(3),
                r.getLong(1),
                r.getObject(4, OffsetDateTime.class).toInstant(),
                message,
                serializer));
      }
    }
    return events;
  }

  private static void setVersion(PreparedStatement s, int index, String version)
      throws SQLException {
    try {
      s.setInt(index, Integer.parseInt(version));
    } catch (NumberFormatException e) {
      s.setNull(index, Types.INTEGER);
    }
  }

  private static Instant time(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
