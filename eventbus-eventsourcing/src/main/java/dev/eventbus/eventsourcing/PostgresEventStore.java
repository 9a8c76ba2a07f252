package dev.eventbus.eventsourcing;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventSerializer;
import dev.eventbus.eventsourcing.internal.Envelopes;
import dev.eventbus.eventsourcing.internal.PostgresEventRows;
import dev.eventbus.eventsourcing.internal.PostgresSchema;
import dev.eventbus.eventsourcing.internal.PostgresSnapshotStore;
import dev.eventbus.eventsourcing.internal.Sql;
import dev.eventbus.spi.BrokerMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * An {@link EventStore} in PostgreSQL, over plain JDBC and a {@link DataSource} of the
 * application's (pooled or not; each operation borrows one connection and returns it).
 *
 * <pre>{@code
 * PostgresEventStore store = PostgresEventStore.builder(dataSource, bus.serializer())
 *     .schema("billing")          // default "eventbus"
 *     .build();
 * store.migrate();                // creates the tables if they do not exist; idempotent
 * }</pre>
 *
 * <p><b>Schema.</b> {@link #migrate()} runs the script {@value PostgresSchema#RESOURCE} shipped in
 * this jar ({@code ${schema}} replaced by the schema name): tables {@code es_events}, {@code
 * es_log_head}, {@code es_snapshots}, {@code es_checkpoints} and {@code es_dead_letters}. Teams
 * that manage migrations themselves can copy it into their tool (it is Flyway-placeholder
 * compatible).
 *
 * <p><b>Positions without gaps.</b> An append locks the single row of {@code es_log_head} for its
 * transaction, checks the stream's version, inserts its events at the positions after the head and
 * moves the head. Appends therefore commit one after the other in position order: a reader (which
 * sees only committed rows) never sees a gap, never sees part of an append, and never sees a
 * position appear below one it has already read. The price is that appends do not run in parallel;
 * batch several events into one append where throughput matters.
 *
 * <p>Thread-safe. Failures are thrown as {@link EventStoreException}, or as {@link
 * dev.eventbus.RetryableEventBusException} for transient ones (connection lost, deadlock,
 * serialization failure, server shutting down), with the driver's exception as cause.
 */
public final class PostgresEventStore implements EventStore {
  /** Schema used when none is configured. */
  public static final String DEFAULT_SCHEMA = "eventbus";

  /** How often {@link #awaitAppend} polls the head by default. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

  private final DataSource dataSource;
  private final EventSerializer serializer;
  private final PostgresSchema schema;
  private final Duration pollInterval;
  private final PostgresEventRows rows;
  private final Object appended = new Object();
  private volatile long localHead;

  private PostgresEventStore(Builder b) {
    this.dataSource = b.dataSource;
    this.serializer = b.serializer;
    this.schema = new PostgresSchema(b.schema);
    this.pollInterval = b.pollInterval;
    this.rows = new PostgresEventRows(schema, serializer);
  }

  /**
   * A builder.
   *
   * @param dataSource where the tables are
   * @param serializer the serializer of the bus whose events it stores, from {@link
   *     dev.eventbus.EventBus#serializer()}
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource, EventSerializer serializer) {
    return new Builder(dataSource, serializer);
  }

  /**
   * Creates the schema and tables if they do not exist. Safe to call from several processes at
   * once, and on every start.
   *
   * @return this store
   */
  public PostgresEventStore migrate() {
    schema.migrate(dataSource);
    return this;
  }

  /**
   * Checkpoints in this store's database ({@code es_checkpoints}, {@code es_dead_letters}), for
   * projections whose read model is in the same database and for relays.
   *
   * @return the checkpoint store
   */
  public JdbcCheckpointStore checkpointStore() {
    return new JdbcCheckpointStore(dataSource, schema);
  }

  /**
   * Snapshots in this store's database ({@code es_snapshots}).
   *
   * @return the snapshot store
   */
  public SnapshotStore snapshotStore() {
    return new PostgresSnapshotStore(dataSource, schema);
  }

  /**
   * The schema holding the tables.
   *
   * @return the schema name
   */
  public String schema() {
    return schema.name();
  }

  @Override
  public List<RecordedEvent> append(String streamId, long expectedVersion, List<?> events) {
    Envelopes.checkExpectedVersion(expectedVersion);
    List<BrokerMessage> messages = Envelopes.encodeAll(serializer, streamId, events);
    // PostgreSQL keeps microseconds: truncate so that what append returns equals what reads return.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<RecordedEvent> recorded;
    try {
      recorded =
          Sql.transaction(
              dataSource, c -> appendInTransaction(c, streamId, expectedVersion, messages, now));
    } catch (SQLException e) {
      throw translateAppend(streamId, e);
    }
    if (!recorded.isEmpty()) {
      synchronized (appended) {
        localHead = Math.max(localHead, recorded.get(recorded.size() - 1).position());
        appended.notifyAll();
      }
    }
    return recorded;
  }

  private List<RecordedEvent> appendInTransaction(
      Connection c, String streamId, long expected, List<BrokerMessage> messages, Instant now)
      throws SQLException {
    long head = rows.lockHead(c);
    long actual = rows.streamVersion(c, streamId);
    if (expected != ExpectedVersion.ANY && expected != actual) {
      throw new ConcurrencyException(streamId, expected, actual);
    }
    if (messages.isEmpty()) {
      return List.of();
    }
    List<RecordedEvent> recorded = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      recorded.add(
          RecordedEvent.of(
              streamId, actual + i + 1, head + i + 1, now, messages.get(i), serializer));
    }
    rows.insert(c, recorded);
    rows.moveHead(c, head + messages.size());
    return recorded;
  }

  private RuntimeException translateAppend(String streamId, SQLException e) {
    if (Sql.UNIQUE_VIOLATION.equals(e.getSQLState())
        && String.valueOf(e.getMessage()).contains("es_events_event_id_key")) {
      return new EventStoreException(
          "An event id of the append to stream '" + streamId + "' is already stored", e);
    }
    return Sql.translate("Append to stream '" + streamId + "'", e);
  }

  @Override
  public List<RecordedEvent> readStream(String streamId, long fromVersion, int max) {
    Envelopes.checkStreamId(streamId);
    Envelopes.checkMax(max);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(rows.selectStream())) {
      s.setString(1, streamId);
      s.setLong(2, fromVersion);
      s.setInt(3, max);
      return rows.read(s);
    } catch (SQLException e) {
      throw Sql.translate("Reading stream '" + streamId + "'", e);
    }
  }

  @Override
  public List<RecordedEvent> readAll(long fromPosition, int max) {
    Envelopes.checkMax(max);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(rows.selectAll())) {
      s.setLong(1, fromPosition);
      s.setInt(2, max);
      return rows.read(s);
    } catch (SQLException e) {
      throw Sql.translate("Reading the log from position " + fromPosition, e);
    }
  }

  @Override
  public long headPosition() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(rows.selectHead());
        ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new EventStoreException(
            "Table "
                + schema.table("es_log_head")
                + " has no row: run PostgresEventStore.migrate()");
      }
      return r.getLong(1);
    } catch (SQLException e) {
      throw Sql.translate("Reading the head position", e);
    }
  }

  @Override
  public boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (localHead > afterPosition || headPosition() > afterPosition) {
        return true;
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      long waitMillis = Math.max(1, Math.min(pollInterval.toNanos(), remaining) / 1_000_000);
      synchronized (appended) {
        if (localHead <= afterPosition) {
          appended.wait(waitMillis);
        }
      }
    }
  }

  @Override
  public EventSerializer serializer() {
    return serializer;
  }

  @Override
  public String toString() {
    return "PostgresEventStore{schema=" + schema.name() + "}";
  }

  /** Configures a {@link PostgresEventStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private final EventSerializer serializer;
    private String schema = DEFAULT_SCHEMA;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;

    private Builder(DataSource dataSource, EventSerializer serializer) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    /**
     * The schema of the tables. Default {@value #DEFAULT_SCHEMA}.
     *
     * @param schema a lowercase SQL identifier
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * How often followers of the log poll for appends made by other processes (appends through this
     * instance wake them at once). Default 100 ms; from 1 ms to 1 minute.
     *
     * @param pollInterval the interval
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Validates and builds the store. Does not touch the database: call {@link #migrate()}.
     *
     * @return the store
     * @throws ConfigurationException naming the invalid setting
     */
    public PostgresEventStore build() {
      if (pollInterval == null
          || pollInterval.compareTo(Duration.ofMillis(1)) < 0
          || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new ConfigurationException("pollInterval", pollInterval, "1 ms to 1 minute");
      }
      return new PostgresEventStore(this);
    }
  }
}
