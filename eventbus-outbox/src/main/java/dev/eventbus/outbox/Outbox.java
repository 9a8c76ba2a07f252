package dev.eventbus.outbox;

import dev.eventbus.BusHealth;
import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.RetryPolicy;
import dev.eventbus.outbox.internal.Checks;
import dev.eventbus.outbox.internal.DeadRows;
import dev.eventbus.outbox.internal.OutboxMetrics;
import dev.eventbus.outbox.internal.OutboxSchema;
import dev.eventbus.outbox.internal.OutboxSql;
import dev.eventbus.outbox.internal.OutboxWriter;
import dev.eventbus.outbox.internal.RelayHealthComponent;
import dev.eventbus.outbox.internal.RelaySettings;
import dev.eventbus.outbox.internal.RelayWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The transactional outbox: an event is published exactly when the database transaction that stored
 * the business data commits, and never for one that rolled back.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder(dataSource).build(bus);   // dialect from the database
 * outbox.createSchema();                                   // or run schema-postgresql.sql yourself
 * outbox.relay().start();                                  // in one process or several
 *
 * try (Connection c = dataSource.getConnection()) {
 *   c.setAutoCommit(false);
 *   insertOrder(c, order);
 *   outbox.publish(c, "orders", new OrderPlaced(order.id()));   // same transaction
 *   c.commit();                                                 // now it will be published
 * }
 * }</pre>
 *
 * <p><b>Writing.</b> {@link #publish} encodes the event with the bus's serializer, exactly as
 * {@link EventBus#publish} would (id, type, source, time, partition key and the other attributes;
 * the id is kept all the way to the consumer), checks it against the bus's broker (its topic name
 * rule and size limit) and inserts it into the outbox table on the caller's connection, without
 * committing: the row commits or rolls back with the business data. Bad input fails at the call
 * with the bus's exceptions ({@link ConfigurationException}, {@link
 * dev.eventbus.EventTooLargeException}, the codec's) before anything is written. A writer holds a
 * lock on each ordering unit (topic and partition key) it wrote from its insert to its commit, so
 * that rows of one unit are numbered in commit order.
 *
 * <p><b>Publishing.</b> The {@link #relay()} sends committed rows to the bus's broker and deletes
 * them once acknowledged; see {@link OutboxRelay} for order, failures and several relays.
 *
 * <p>Thread-safe. {@link #close()} closes the relay; the bus and the data source stay the caller's.
 */
public final class Outbox implements AutoCloseable {
  /** The table used when none is configured; the others are named after it. */
  public static final String DEFAULT_TABLE = "eventbus_outbox";

  /** Shards by default: up to this many relays share the work. */
  public static final int DEFAULT_SHARDS = 16;

  /** Rows read, sent and in flight at once by default. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  /** The longest an idle relay waits before looking at the table again, by default. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  /** How long a shard's lease holds without renewal by default. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);

  /** How long the relay waits for the broker to acknowledge a batch by default. */
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(10);

  private final DataSource dataSource;
  private final OutboxSql sql;
  private final OutboxWriter writer;
  private final OutboxMetrics metrics;
  private final OutboxRelay relay;
  private final RelayWorker worker;
  private final DeadRows deadRows;

  private Outbox(Builder b, OutboxDialect dialect, EventBus bus) {
    this.dataSource = b.dataSource;
    this.sql = new OutboxSql(dialect, b.table);
    this.writer = new OutboxWriter(sql, bus, b.shards);
    this.metrics = new OutboxMetrics(b.meterRegistry, b.table);
    RelaySettings settings =
        new RelaySettings(
            b.owner,
            b.shards,
            b.batchSize,
            b.pollInterval,
            b.leaseDuration,
            b.publishTimeout,
            b.backoff);
    this.worker = new RelayWorker(dataSource, sql, bus, settings, metrics);
    Duration closeWait = b.publishTimeout.plus(b.pollInterval).plusSeconds(5);
    Supplier<BusHealth.ComponentRegistration> component =
        () -> RelayHealthComponent.register(bus, sql.table, settings.owner(), this::health);
    this.relay = new OutboxRelay(worker, bus, closeWait, component);
    this.deadRows = new DeadRows(dataSource, sql, writer);
  }

  /**
   * A builder over the database that holds the business data.
   *
   * @param dataSource the database; the outbox borrows connections for its relay only
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Writes an event into the outbox in the caller's transaction. See the class documentation.
   *
   * @param connection the caller's connection, with auto-commit off; not committed, not closed
   * @param topic the topic
   * @param payload the payload, or an {@link Event} (its id, key and other attributes are kept)
   * @return the event as it will be published, its id and time filled in
   * @throws ConfigurationException if the broker refuses the topic's name
   * @throws dev.eventbus.EventTooLargeException if the event is over the broker's size limit
   * @throws IllegalStateException if the connection is in auto-commit mode
   * @throws dev.eventbus.EventBusException if the insert fails (roll the transaction back)
   */
  public Event<?> publish(Connection connection, String topic, Object payload) {
    return writer.write(connection, topic, List.of(payload)).get(0);
  }

  /**
   * Writes several events into the outbox in the caller's transaction, in order: all or none.
   *
   * @param connection the caller's connection, with auto-commit off
   * @param topic the topic
   * @param events payloads or {@link Event}s
   * @return the events as they will be published, in order
   * @throws dev.eventbus.EventBusException as {@link #publish}, before anything is written
   */
  public List<Event<?>> publishAll(Connection connection, String topic, List<?> events) {
    return writer.write(connection, topic, events);
  }

  /** {@return the relay of this outbox; start it in every process that should publish} */
  public OutboxRelay relay() {
    return relay;
  }

  /**
   * Creates the outbox's tables that do not exist yet ({@code <table>}, {@code _dead}, {@code
   * _lease}, {@code _relay}, on MariaDB {@code _lock}), with the script of {@link
   * OutboxDialect#schemaResource()}. Idempotent.
   *
   * @return this outbox
   * @throws dev.eventbus.EventBusException if the database refuses
   */
  public Outbox createSchema() {
    OutboxSchema.create(dataSource, sql.dialect, sql.table);
    return this;
  }

  /** {@return the relay's health, see {@link OutboxHealth}} */
  public OutboxHealth health() {
    return worker.health();
  }

  /**
   * The rows moved aside, oldest first.
   *
   * @param max at most this many
   * @return the dead rows
   */
  public List<DeadRow> deadRows(int max) {
    return deadRows.list(max);
  }

  /**
   * Puts a dead row back into the outbox, at the end of its ordering unit (a new id), for the relay
   * to publish again: after the cause is fixed (the broker's limit raised, say).
   *
   * @param id the dead row's id
   * @return false if there is no such dead row
   */
  public boolean redrive(long id) {
    boolean moved = deadRows.redrive(id);
    relay.wake();
    return moved;
  }

  /**
   * Deletes the dead rows moved aside longer ago than a retention; schedule it to bound the table.
   * Published rows need no cleanup: the relay deletes them.
   *
   * @param retention how long to keep dead rows
   * @return how many were deleted
   */
  public int purgeDeadRows(Duration retention) {
    return deadRows.purge(Objects.requireNonNull(retention, "retention"));
  }

  /** {@return the dialect, given or detected} */
  public OutboxDialect dialect() {
    return sql.dialect;
  }

  /** {@return the table's name, as configured} */
  public String table() {
    return sql.table;
  }

  /** {@return the data source} */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Closes the relay (see {@link OutboxRelay#close()}). Idempotent. */
  @Override
  public void close() {
    relay.close();
  }

  /**
   * Configures an {@link Outbox}. Not thread-safe. {@link #build(EventBus)} validates everything
   * and throws {@link ConfigurationException} naming the setting, the value and what is allowed.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private OutboxDialect dialect;
    private String table = DEFAULT_TABLE;
    private int shards = DEFAULT_SHARDS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;
    private RetryPolicy backoff = RetryPolicy.ofDefaults();
    private MeterRegistry meterRegistry;
    private String owner = Checks.defaultOwner();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The database's dialect. Default: detected from the database when the outbox is built.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(OutboxDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The outbox table (default {@value #DEFAULT_TABLE}); its companions are named after it ({@code
     * <table>_dead}, {@code _lease}, {@code _relay}, {@code _lock}).
     *
     * @param table a SQL identifier of at most 50 characters, optionally {@code schema.table}
     * @return this builder
     */
    public Builder table(String table) {
      this.table = table;
      return this;
    }

    /**
     * How many shards the rows are spread over, by the hash of their ordering unit (default {@value
     * #DEFAULT_SHARDS}): the most relays that can share the work. Every process on one table must
     * use the same number; change it only with the table drained.
     *
     * @param shards from 1 to 1024
     * @return this builder
     */
    public Builder shards(int shards) {
      this.shards = shards;
      return this;
    }

    /**
     * The most rows a relay reads, sends and has in flight at once (default {@value
     * #DEFAULT_BATCH_SIZE}); a crash may publish one batch again.
     *
     * @param batchSize from 1 to 10,000
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The longest an idle relay waits before looking at the table again (default 500 ms). On
     * MariaDB and MySQL this is how soon a commit is published; on PostgreSQL the relay wakes on
     * the commit's notification, and this is the fallback.
     *
     * @param pollInterval from 10 ms to 10 minutes
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * How long a relay's hold on a shard lasts without renewal (default 30 s): after a crash, its
     * shards wait this long for another relay. The holder renews every third of it (at most every 5
     * s).
     *
     * @param leaseDuration from 500 ms to 10 minutes, at least twice the publish timeout
     * @return this builder
     */
    public Builder leaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
      return this;
    }

    /**
     * How long the relay waits for the broker to acknowledge a batch (default 10 s); rows not
     * acknowledged by then are sent again after a backoff.
     *
     * @param publishTimeout from 1 ms to half the lease duration
     * @return this builder
     */
    public Builder publishTimeout(Duration publishTimeout) {
      this.publishTimeout = publishTimeout;
      return this;
    }

    /**
     * The waits after a failed batch (default {@link RetryPolicy#ofDefaults()}: 100 ms doubling to
     * 30 s, with jitter). Only its delays are used: the relay never gives up on a row that failed
     * transiently.
     *
     * @param backoff the policy
     * @return this builder
     */
    public Builder backoff(RetryPolicy backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Where the relay's meters go (the bus's registry, usually). Default: nowhere.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * This relay's name in the lease tables (default: host, process id and a random suffix). It
     * must differ between relays running at once.
     *
     * @param owner 1 to 200 characters
     * @return this builder
     */
    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    /**
     * Validates and builds the outbox. Nothing runs before {@link OutboxRelay#start()}.
     *
     * @param bus the bus whose serializer, broker checks and broker the outbox uses; the outbox
     *     neither closes it nor starts it before the relay starts
     * @return the outbox
     * @throws ConfigurationException naming the invalid setting
     */
    public Outbox build(EventBus bus) {
      Objects.requireNonNull(bus, "bus");
      validate();
      return new Outbox(this, dialect != null ? dialect : OutboxDialect.detect(dataSource), bus);
    }

    private void validate() {
      Checks.table("outbox.table", table);
      Checks.range("outbox.shards", shards, 1, 1024);
      Checks.range("outbox.batch-size", batchSize, 1, 10_000);
      Duration tenMinutes = Duration.ofMinutes(10);
      Checks.duration("outbox.poll-interval", pollInterval, Duration.ofMillis(10), tenMinutes);
      Checks.duration("outbox.lease-duration", leaseDuration, Duration.ofMillis(500), tenMinutes);
      Checks.duration(
          "outbox.publish-timeout",
          publishTimeout,
          Duration.ofMillis(1),
          leaseDuration.dividedBy(2));
      Checks.owner("outbox.owner", owner);
    }
  }
}
