package dev.eventbus.outbox.internal;

import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import dev.eventbus.outbox.OutboxDialect;
import dev.eventbus.outbox.OutboxHealth;
import dev.eventbus.outbox.RelayState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's thread: renews its leases, reads a batch of its shards' rows in id order, sends it,
 * waits for the broker's acknowledgements, then deletes what was acknowledged and moves aside what
 * the broker refuses permanently. Within an ordering unit nothing after a row that failed
 * transiently is settled, so that the unit is sent again from that row, in order, after a backoff.
 * One batch is in flight at a time.
 */
public final class RelayWorker {
  private static final Logger log = LoggerFactory.getLogger(RelayWorker.class);

  private final DataSource dataSource;
  private final RelaySettings settings;
  private final OutboxTable table;
  private final Leases leases;
  private final BatchPublisher publisher;
  private final OutboxMetrics metrics;
  private final Wakeup wakeup;
  private final String name;
  private volatile RelayState state = RelayState.NOT_STARTED;
  private volatile Throwable lastFailure;
  private volatile boolean closing;
  private Thread thread;
  private int failedAttempts;
  private long nextRenewal;

  /**
   * Creates the worker; nothing runs before {@link #start()}.
   *
   * @param dataSource the database
   * @param sql the statements
   * @param bus the bus whose broker the rows go to
   * @param settings the settings
   * @param metrics the meters
   */
  public RelayWorker(
      DataSource dataSource,
      OutboxSql sql,
      EventBus bus,
      RelaySettings settings,
      OutboxMetrics metrics) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.table = new OutboxTable(sql);
    this.leases = new Leases(sql, settings.owner(), settings.shards(), settings.leaseDuration());
    this.publisher = new BatchPublisher(bus, settings.publishTimeout());
    this.metrics = metrics;
    this.name = "eventbus-outbox-relay-" + sql.table;
    this.wakeup =
        sql.dialect == OutboxDialect.POSTGRESQL
            ? new PostgresWakeup(dataSource, sql.channel())
            : new Wakeup.Polling();
  }

  /** Starts the thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("The outbox relay was started already");
    }
    if (closing) {
      throw new IllegalStateException("The outbox relay is closed");
    }
    state = RelayState.RUNNING;
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** {@return the state} */
  public RelayState state() {
    return state;
  }

  /** {@return the last failure, if the relay is backing off} */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(state == RelayState.BACKING_OFF ? lastFailure : null);
  }

  /** {@return the health: DOWN while backing off or closed, see {@link OutboxHealth}} */
  public OutboxHealth health() {
    RelayState now = state;
    boolean down = now == RelayState.BACKING_OFF || now == RelayState.CLOSED;
    return new OutboxHealth(
        down ? HealthStatus.DOWN : HealthStatus.UP,
        now,
        shards(),
        metrics.backlog(),
        Duration.ofMillis(metrics.oldestAgeMillis()),
        now == RelayState.BACKING_OFF && lastFailure != null ? lastFailure.toString() : null);
  }

  /** {@return the shards held at the last lease renewal} */
  public Set<Integer> shards() {
    return leases.owned();
  }

  /** Ends a wait so that the relay looks at the table now. */
  public void wake() {
    wakeup.wake();
  }

  /**
   * Stops after the batch in flight, gives up the leases, and waits for the thread.
   *
   * @param timeoutMillis how long to wait for the thread
   */
  public void close(long timeoutMillis) throws InterruptedException {
    Thread t;
    synchronized (this) {
      closing = true;
      t = thread;
    }
    wakeup.wake();
    if (t != null) {
      t.join(timeoutMillis);
    }
    state = RelayState.CLOSED;
  }

  private void run() {
    try {
      while (!closing) {
        step();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      leave();
      wakeup.close();
      state = RelayState.CLOSED;
    }
  }

  private void step() throws InterruptedException {
    try {
      renewIfDue();
      Set<Integer> shards = leases.workable(settings.publishTimeout());
      if (shards.isEmpty()) {
        recovered();
        idle();
        return;
      }
      int read = publishBatch(shards);
      if (read < settings.batchSize() && !closing) {
        idle();
      }
    } catch (OutboxTable.UnreadableRow e) {
      moveAside(e);
    } catch (SQLException | RuntimeException e) {
      backOff(e);
    }
  }

  private void renewIfDue() throws SQLException {
    if (nextRenewal != 0 && System.nanoTime() - nextRenewal < 0) {
      return;
    }
    try (Connection c = autoCommit()) {
      leases.maintain(c);
      long[] backlog = table.backlog(c);
      metrics.backlog(backlog[0], backlog[1]);
    }
    nextRenewal = System.nanoTime() + settings.renewInterval().toNanos();
  }

  private int publishBatch(Set<Integer> shards) throws SQLException, InterruptedException {
    List<OutboxRow> rows;
    try (Connection c = autoCommit()) {
      rows = table.fetch(c, shards, settings.batchSize());
    }
    if (rows.isEmpty()) {
      recovered();
      return 0;
    }
    Throwable[] failures = publisher.publish(rows);
    Throwable retriable = settle(rows, failures);
    if (retriable != null) {
      backOff(retriable);
      return settings.batchSize(); // look again at once after the backoff
    }
    recovered();
    return rows.size();
  }

  private void recovered() {
    failedAttempts = 0;
    state = RelayState.RUNNING;
  }

  /** Settles a batch; returns the first transient failure, or null. */
  private Throwable settle(List<OutboxRow> rows, Throwable[] failures) throws SQLException {
    Set<String> blocked = new HashSet<>();
    List<Long> published = new ArrayList<>();
    List<Long> dead = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    Throwable retriable = null;
    int retried = 0;
    for (int i = 0; i < rows.size(); i++) {
      OutboxRow row = rows.get(i);
      Throwable f = failures[i];
      if (blocked.contains(row.unit())) {
        retried++;
      } else if (f == null) {
        published.add(row.id());
      } else if (BatchPublisher.isPermanent(f)) {
        dead.add(row.id());
        reasons.add(Reasons.of(f));
        log.warn("Outbox row {} ({}) moved aside: {}", row.id(), row.message(), f.toString());
      } else {
        blocked.add(row.unit());
        retried++;
        retriable = retriable == null ? f : retriable;
      }
    }
    try (Connection c = autoCommit()) {
      table.settle(c, new OutboxTable.Settlement(published, dead, reasons));
    }
    metrics.published(published.size());
    metrics.dead(dead.size());
    metrics.retried(retried);
    return retriable;
  }

  private void moveAside(OutboxTable.UnreadableRow e) throws InterruptedException {
    log.warn("{}", e.getMessage());
    try (Connection c = autoCommit()) {
      table.moveAside(c, e);
      metrics.dead(1);
    } catch (SQLException | RuntimeException failure) {
      backOff(failure);
    }
  }

  private void idle() throws InterruptedException {
    long untilRenewal = Math.max(1, nextRenewal - System.nanoTime());
    wakeup.await(Math.min(settings.pollInterval().toNanos(), untilRenewal));
  }

  private void backOff(Throwable failure) throws InterruptedException {
    failedAttempts++;
    lastFailure = failure;
    state = RelayState.BACKING_OFF;
    long delay =
        settings
            .backoff()
            .delayAfter(failedAttempts, ThreadLocalRandom.current().nextDouble())
            .toNanos();
    log.warn(
        "Outbox relay {}: attempt {} failed, next in {} ms: {}",
        name,
        failedAttempts,
        delay / 1_000_000,
        failure.toString());
    long deadline = System.nanoTime() + delay;
    long left;
    while (!closing && (left = deadline - System.nanoTime()) > 0) {
      wakeup.await(left); // a commit notification must not cut the backoff short: wait again
    }
  }

  private void leave() {
    try (Connection c = autoCommit()) {
      leases.leave(c);
    } catch (SQLException | RuntimeException e) {
      log.warn(
          "Outbox relay {}: could not give up its leases; they expire: {}", name, e.toString());
    }
  }

  private Connection autoCommit() throws SQLException {
    Connection c = dataSource.getConnection();
    if (!c.getAutoCommit()) {
      c.setAutoCommit(true);
    }
    return c;
  }
}
