package dev.eventbus.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.BusHealth;
import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.HealthStatus;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the outbox promises, against a real database (a subclass per database) and the in-memory
 * broker; {@link OutboxRabbitMqContract} adds the cases that need a durable broker. Each test has a
 * schema of its own (on MariaDB a database), dropped afterwards.
 */
abstract class OutboxContract {
  static final Duration WAIT = Duration.ofSeconds(60);

  final String url;
  final OutboxDialect dialect;
  final String schema = Databases.uniqueSchema();
  HikariDataSource dataSource;
  final List<AutoCloseable> closing = new ArrayList<>();

  OutboxContract(String url, OutboxDialect dialect) {
    this.url = url;
    this.dialect = dialect;
  }

  /** The statement that drops the test's schema and its tables. */
  abstract String dropSchema(String schema);

  @BeforeEach
  void createSchema() throws SQLException {
    dataSource = Databases.pool(url);
    execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    execute("CREATE TABLE " + schema + ".orders (id VARCHAR(64) PRIMARY KEY, total INT NOT NULL)");
    execute("CREATE TABLE " + schema + ".counters (k VARCHAR(64) PRIMARY KEY, n INT NOT NULL)");
  }

  @AfterEach
  void dropSchema() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    execute(dropSchema(schema));
    dataSource.close();
  }

  void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  long count(String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  String table() {
    return schema + ".outbox";
  }

  <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }

  /** An in-memory bus, started, closed after the test. */
  EventBus memoryBus(long maxMessageBytes) {
    return closeLater(
        EventBus.builder()
            .broker(InMemoryBroker.builder().maxMessageBytes(maxMessageBytes).build())
            .build()
            .start());
  }

  /** An outbox builder on the test's table with short leases, so takeovers are quick. */
  Outbox.Builder outbox() {
    return Outbox.builder(dataSource)
        .dialect(dialect)
        .table(table())
        .leaseDuration(Duration.ofSeconds(2))
        .publishTimeout(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(50));
  }

  Outbox started(Outbox outbox) {
    closeLater(outbox);
    outbox.createSchema().relay().start();
    return outbox;
  }

  /** Work in one transaction. */
  interface TxWork {
    void run(Connection c) throws SQLException;
  }

  void commit(TxWork work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      work.run(c);
      c.commit();
    }
  }

  void rollBack(TxWork work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      work.run(c);
      c.rollback();
    }
  }

  void insertOrder(Connection c, String id, int total) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + schema + ".orders (id, total) VALUES (?, ?)")) {
      ps.setString(1, id);
      ps.setInt(2, total);
      ps.executeUpdate();
    }
  }

  static Event<Placed> keyed(String key, int seq) {
    return Event.builder(new Placed(key, seq)).partitionKey(key).build();
  }

  Received subscribe(EventBus bus, String topic, String group) {
    Received received = new Received();
    bus.subscribe(topic, group, Placed.class, received::record);
    return received;
  }

  @Test
  void aRolledBackTransactionPublishesNothingAndACommittedOnePublishesOnce() throws Exception {
    EventBus bus = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    Received received = subscribe(bus, "orders", "billing");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Outbox outbox = started(outbox().meterRegistry(meters).build(bus));
    Event<?>[] rolledBack = new Event<?>[1];
    rollBack(
        c -> {
          insertOrder(c, "o-1", 10);
          rolledBack[0] = outbox.publish(c, "orders", keyed("o-1", 1));
        });
    Event<?>[] committed = new Event<?>[1];
    commit(
        c -> {
          insertOrder(c, "o-2", 20);
          committed[0] = outbox.publish(c, "orders", keyed("o-2", 1));
        });

    Await.until("the committed event arrived", WAIT, () -> received.count() >= 1);
    Await.until("the outbox table is empty", WAIT, () -> rows() == 0);
    assertThat(received.all()).extracting(Received.Delivery::id).containsExactly(committed[0].id());
    assertThat(received.ids()).doesNotContain(rolledBack[0].id());
    assertThat(count(schema + ".orders")).isEqualTo(1);
    Await.until(
        "the published counter counts it",
        WAIT,
        () -> meters.get("eventbus.outbox.published").counter().count() == 1.0);
    Await.until("the backlog gauge reads 0", WAIT, () -> outbox.health().backlog() == 0);
    OutboxHealth health = outbox.health();
    assertThat(health.status()).isEqualTo(HealthStatus.UP);
    assertThat(health.state()).isEqualTo(RelayState.RUNNING);
    assertThat(health.shards()).hasSize(Outbox.DEFAULT_SHARDS);
    assertThat(meters.get("eventbus.outbox.backlog").gauge().value()).isZero();
  }

  long rows() {
    try {
      return count(table());
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void eventsOfOneKeyArriveInCommitOrderAcrossInterleavedTransactions() throws Exception {
    EventBus bus = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    Received received = subscribe(bus, "counters", "audit");
    Outbox outbox = started(outbox().build(bus));
    int keys = 8;
    int perThread = 40;
    int threads = 4;
    for (int k = 0; k < keys; k++) {
      execute("INSERT INTO " + schema + ".counters (k, n) VALUES ('k" + k + "', 0)");
    }
    // Each transaction writes its event first, then takes the key's row lock and numbers itself:
    // the number is its place in the key's commit order, which the events must keep.
    Map<String, Integer> commitPlace = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  String key = "k" + ((thread * 7 + i * 3) % keys);
                  int tx = thread * 1000 + i;
                  commit(
                      c -> {
                        outbox.publish(c, "counters", keyed(key, tx));
                        commitPlace.put(key + "/" + tx, increment(c, key));
                      });
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    int total = threads * perThread;
    Await.until("every event arrived", WAIT, () -> received.count() >= total, received::count);
    assertThat(received.repeats()).isZero();
    received
        .sequencesByKey()
        .forEach(
            (key, txs) -> {
              List<Integer> places =
                  txs.stream().map(tx -> commitPlace.get(key + "/" + tx)).toList();
              assertThat(places).as("commit places of key %s", key).isSorted();
            });
  }

  private int increment(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE " + schema + ".counters SET n = n + 1 WHERE k = ?")) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT n FROM " + schema + ".counters WHERE k = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void twoRelaysOnOneTableShareTheShardsPublishNoRowTwiceAndKeepEachKeysOrder() throws Exception {
    EventBus bus = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    Received received = subscribe(bus, "orders", "shipping");
    Outbox first = started(outbox().owner("relay-a").build(bus));
    Outbox second = started(outbox().owner("relay-b").build(bus));
    Await.until(
        "each relay holds half of the shards",
        WAIT,
        () -> first.relay().shards().size() == 8 && second.relay().shards().size() == 8,
        () -> first.relay().shards() + " / " + second.relay().shards());
    Set<Integer> both = new HashSet<>(first.relay().shards());
    both.retainAll(second.relay().shards());
    assertThat(both).isEmpty();

    int keys = 20;
    int perKey = 25;
    for (int seq = 1; seq <= perKey; seq++) {
      int s = seq;
      commit(
          c -> {
            List<Event<Placed>> events = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
              events.add(keyed("key-" + k, s));
            }
            (s % 2 == 0 ? first : second).publishAll(c, "orders", events);
          });
    }
    int total = keys * perKey;
    Await.until("every event arrived", WAIT, () -> received.count() >= total, received::count);
    Await.until("the table is empty", WAIT, () -> rows() == 0);
    assertThat(received.repeats()).isZero();
    assertThat(received.count()).isEqualTo(total);
    received
        .sequencesByKey()
        .forEach((key, seqs) -> assertThat(seqs).as("key %s", key).isSorted().hasSize(perKey));
  }

  @Test
  void anEventTheBrokerRefusesIsMovedAsideWithTheReasonAndTheRowsBehindItFlow() throws Exception {
    // Written through a bus whose broker takes 1 MiB, relayed by one that takes 4 KiB.
    EventBus writing = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    EventBus relaying = memoryBus(4096);
    Received received = subscribe(relaying, "orders", "billing");
    Outbox writer = closeLater(outbox().build(writing).createSchema());
    String big = "x".repeat(10_000);
    commit(
        c -> {
          writer.publish(c, "orders", keyed("a", 1));
          writer.publish(
              c, "orders", Event.builder(new Placed("a", 2, big)).partitionKey("a").build());
          writer.publish(c, "orders", keyed("a", 3));
          writer.publish(c, "orders", keyed("b", 1));
          writer.publish(c, "orders", keyed("b", 2));
        });
    Outbox relay = started(outbox().build(relaying));

    Await.until("the four others arrived", WAIT, () -> received.count() >= 4, received::all);
    Await.until("the table is empty", WAIT, () -> rows() == 0);
    assertThat(received.sequencesByKey())
        .containsEntry("a", List.of(1, 3))
        .containsEntry("b", List.of(1, 2));
    List<DeadRow> dead = relay.deadRows(10);
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).key()).isEqualTo("a");
    assertThat(dead.get(0).topic()).isEqualTo("orders");
    assertThat(dead.get(0).type()).isEqualTo("Placed");
    assertThat(dead.get(0).reason())
        .contains(EventTooLargeException.class.getName())
        .contains("4096");
    assertThat(relay.purgeDeadRows(Duration.ofDays(1))).isZero();
    assertThat(relay.purgeDeadRows(Duration.ZERO)).isEqualTo(1);
  }

  @Test
  void aDeadRowRedrivenAfterTheCauseIsFixedIsPublished() throws Exception {
    EventBus small = memoryBus(4096);
    Outbox strict = started(outbox().owner("strict").build(small));
    String big = "y".repeat(10_000);
    EventBus large = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    Outbox writer = closeLater(outbox().build(large));
    commit(
        c ->
            writer.publish(
                c, "orders", Event.builder(new Placed("c", 1, big)).partitionKey("c").build()));
    Await.until("the row was moved aside", WAIT, () -> strict.deadRows(10).size() == 1);
    strict.close();

    Received received = subscribe(large, "orders", "billing");
    started(outbox().owner("lenient").build(large));
    assertThat(writer.redrive(strict.deadRows(10).get(0).id())).isTrue();
    Await.until("the redriven event arrived", WAIT, () -> received.count() == 1);
    assertThat(writer.deadRows(10)).isEmpty();
    assertThat(writer.redrive(42)).isFalse();
  }

  /** A payload Jackson cannot write. */
  public static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("cannot be read");
    }
  }

  @Test
  void badInputFailsAtTheCallWithTheBusExceptionsBeforeAnythingIsWritten() throws Exception {
    EventBus bus = memoryBus(4096);
    Outbox outbox = closeLater(outbox().build(bus).createSchema());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      insertOrder(c, "o-1", 1);
      assertThatThrownBy(() -> outbox.publish(c, "orders", new Unwritable()))
          .isInstanceOf(EventBusException.class);
      assertThatThrownBy(() -> outbox.publish(c, "orders", new Placed("k", 1, "z".repeat(5000))))
          .isInstanceOf(EventTooLargeException.class)
          .hasMessageContaining("4096");
      assertThatThrownBy(() -> outbox.publish(c, "not a topic", new Placed("k", 1)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("not a topic");
      assertThatThrownBy(
              () -> outbox.publishAll(c, "orders", List.of(new Placed("k", 1), new Unwritable())))
          .isInstanceOf(EventBusException.class);
      c.commit(); // the transaction stayed usable: the order commits, no event was written
    }
    assertThat(rows()).isZero();
    assertThat(count(schema + ".orders")).isEqualTo(1);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      assertThatThrownBy(() -> outbox.publish(c, "orders", new Placed("k", 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("auto-commit");
    }
    assertThat(rows()).isZero();
  }

  @Test
  void theBusHealthShowsTheRelayUpWhileRelayingDownWithTheReasonWhenItsDatabaseIsGone()
      throws Exception {
    EventBus bus = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    Received received = subscribe(bus, "orders", "billing");
    Outbox writer = closeLater(outbox().build(bus).createSchema());
    HikariDataSource relayPool = closeLater(Databases.pool(url));
    Outbox relaying =
        closeLater(
            Outbox.builder(relayPool)
                .dialect(dialect)
                .table(table())
                .leaseDuration(Duration.ofSeconds(2))
                .publishTimeout(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .build(bus));
    assertThat(bus.health().components()).isEmpty();
    relaying.relay().start();

    commit(c -> writer.publish(c, "orders", keyed("o-1", 1)));
    Await.until("the event arrived", WAIT, () -> received.count() == 1);
    Await.until("the backlog reads 0", WAIT, () -> relaying.health().backlog() == 0);
    BusHealth up = bus.health();
    assertThat(up.status()).isEqualTo(HealthStatus.UP);
    assertThat(up.components()).containsOnlyKeys("outbox");
    assertThat(up.components().get("outbox").status()).isEqualTo(HealthStatus.UP);
    assertThat(up.components().get("outbox").detail()).startsWith("RUNNING, shards 16, backlog 0");
    assertThat(up.toJson()).contains("\"components\":{\"outbox\":{\"status\":\"UP\"");

    relayPool.close(); // the relay's database is gone: every attempt fails
    Await.until(
        "the bus reads DOWN through its outbox component",
        WAIT,
        () -> bus.health().status() == HealthStatus.DOWN,
        bus::health);
    BusHealth down = bus.health();
    assertThat(down.brokerHealth().status()).isEqualTo(HealthStatus.UP);
    assertThat(down.components().get("outbox").status()).isEqualTo(HealthStatus.DOWN);
    assertThat(down.components().get("outbox").detail())
        .startsWith("BACKING_OFF")
        .contains("SQLException")
        .doesNotContain("jdbc:");

    relaying.close();
    assertThat(bus.health().components()).isEmpty();
    assertThat(bus.health().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void relaysOfTwoTablesOnOneBusShowUnderNamesOfTheirOwn() throws Exception {
    EventBus bus = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    started(outbox().build(bus));
    started(outbox().table(schema + ".second").build(bus));
    assertThat(bus.health().components().keySet())
        .containsExactly("outbox", "outbox:" + schema + ".second");
  }

  @Test
  void invalidSettingsAreRefusedWhenBuilt() {
    EventBus bus = memoryBus(4096);
    assertThatThrownBy(() -> outbox().table("no-such table").build(bus))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outbox.table");
    assertThatThrownBy(() -> outbox().shards(0).build(bus))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outbox.shards");
    assertThatThrownBy(() -> outbox().publishTimeout(Duration.ofSeconds(5)).build(bus))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("outbox.publish-timeout");
    assertThat(Outbox.builder(dataSource).table(table()).build(bus).dialect()).isEqualTo(dialect);
  }
}
