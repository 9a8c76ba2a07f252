package dev.eventbus.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.EventBus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The code of event-sourcing.md, compiled and run, so that the page cannot rot. Each region between
 * {@code tag::name[]} and {@code end::name[]} is copied verbatim into the page.
 */
class DocSnippetsTest {
  // tag::events[]
  record AccountOpened(String account, String owner) {}

  record MoneyDeposited(String account, long amount) {}

  record MoneyWithdrawn(String account, long amount) {}

  // end::events[]

  // tag::aggregate[]
  record Account(long balance, boolean open) {
    static final Account NONE = new Account(0, false);

    Account apply(Object event) { // pure: the same events always give the same state
      if (event instanceof AccountOpened) {
        return new Account(0, true);
      }
      if (event instanceof MoneyDeposited d) {
        return new Account(balance + d.amount(), open);
      }
      if (event instanceof MoneyWithdrawn w) {
        return new Account(balance - w.amount(), open);
      }
      return this;
    }

    List<Object> withdraw(String id, long amount) { // a command: decides, or rejects by throwing
      if (!open || balance < amount) {
        throw new IllegalStateException("cannot withdraw " + amount + " from " + id);
      }
      return List.of(new MoneyWithdrawn(id, amount));
    }
  }

  // end::aggregate[]

  // tag::projection[]
  static final class Balances implements Projection {
    private final Map<String, Long> balances = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "balances"; // the key of its checkpoint, metrics tag and dead letters
    }

    @Override
    public void apply(RecordedEvent event) {
      if (event.payload() instanceof MoneyDeposited d) {
        balances.merge(d.account(), d.amount(), Long::sum);
      } else if (event.payload() instanceof MoneyWithdrawn w) {
        balances.merge(w.account(), -w.amount(), Long::sum);
      }
    }

    @Override
    public void reset() {
      balances.clear();
    }

    long balance(String account) { // the query this read model serves
      return balances.getOrDefault(account, 0L);
    }
  }

  // end::projection[]

  // tag::jdbc-projection[]
  static final class BalanceTable implements JdbcProjection {
    @Override
    public String name() {
      return "balance-table";
    }

    @Override
    public void apply(Connection c, RecordedEvent event) throws SQLException {
      if (event.payload() instanceof MoneyDeposited d) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO balances AS b (account, balance) VALUES (?, ?)"
                    + " ON CONFLICT (account) DO UPDATE SET balance = b.balance + EXCLUDED.balance")) {
          s.setString(1, d.account());
          s.setLong(2, d.amount());
          s.executeUpdate();
        }
      }
    }

    @Override
    public void reset(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM balances");
      }
    }
  }

  // end::jdbc-projection[]

  private EventBus bus;

  @AfterEach
  void closeBus() {
    if (bus != null) {
      bus.close();
    }
  }

  EventStore inMemoryStore() {
    // tag::setup[]
    EventBus bus =
        EventBus.builder() // the store encodes with the bus's codec, type registry and upcasters
            .registerType(AccountOpened.class)
            .registerType(MoneyDeposited.class)
            .registerType(MoneyWithdrawn.class)
            .registerType(Account.class) // only needed for snapshots
            .build();
    EventStore store = InMemoryEventStore.create(bus.serializer());
    // end::setup[]
    this.bus = bus;
    return store;
  }

  @Test
  void appendAndRead() {
    EventStore store = inMemoryStore();
    // tag::append[]
    store.append(
        "account-42",
        ExpectedVersion.NO_STREAM, // fails with ConcurrencyException if the stream exists
        List.of(new AccountOpened("account-42", "Ada"), new MoneyDeposited("account-42", 100)));

    for (RecordedEvent e : store.readStream("account-42", 1)) {
      System.out.println(e.version() + " at position " + e.position() + ": " + e.payload());
    }
    List<RecordedEvent> page = store.readAll(1, 500); // the global log, in commit order
    // end::append[]
    assertThat(page).hasSize(2);
  }

  @Test
  void aggregates() {
    EventStore store = inMemoryStore();
    SnapshotStore snapshotStore = InMemorySnapshotStore.create();
    store.append(
        "account-42",
        ExpectedVersion.NO_STREAM,
        List.of(new AccountOpened("account-42", "Ada"), new MoneyDeposited("account-42", 100)));
    // tag::repository[]
    AggregateRepository<Account> accounts =
        AggregateRepository.builder(store, Account.NONE, Account::apply)
            .snapshots(snapshotStore, 100) // optional: a snapshot every 100 events
            .retryOnConflict(3) // optional: reload and decide again after a conflict
            .build();

    Aggregate<Account> after = accounts.execute("account-42", a -> a.withdraw("account-42", 30));
    System.out.println("balance " + after.state().balance() + " at version " + after.version());
    // end::repository[]
    assertThat(after.state().balance()).isEqualTo(70);
  }

  @Test
  void projectionsAndRelay() throws Exception {
    EventStore store = inMemoryStore();
    store.append(
        "account-42",
        ExpectedVersion.NO_STREAM,
        List.of(new AccountOpened("account-42", "Ada"), new MoneyDeposited("account-42", 100)));
    io.micrometer.core.instrument.MeterRegistry meterRegistry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    CheckpointStore checkpointStore = InMemoryCheckpointStore.create();
    Balances balances = new Balances();
    // tag::runner[]
    try (ProjectionRunner runner =
        ProjectionRunner.builder(store)
            .add(balances) // checkpoint in memory: replays from 0 at each start
            .badEventPolicy(BadEventPolicy.STOP) // the default; or DEAD_LETTER
            .meterRegistry(meterRegistry) // gauge eventbus.projection.lag{projection=balances}
            .build()) {
      runner.start();
      runner.awaitCaughtUp(Duration.ofSeconds(5));
      System.out.println("Ada has " + balances.balance("account-42"));

      runner.rebuild("balances"); // reset() + checkpoint 0 + replay
      runner.awaitCaughtUp(Duration.ofSeconds(5));
      System.out.println(runner.status("balances")); // state, checkpoint, lag, failure
    }
    // end::runner[]
    assertThat(balances.balance("account-42")).isEqualTo(100);

    // tag::relay[]
    bus.subscribe("accounts", "audit", MoneyDeposited.class, (d, ctx) -> System.out.println(d));
    bus.start();
    try (EventRelay relay =
        EventRelay.builder(store, bus)
            .topic(recorded -> "accounts") // any function of the recorded event
            .checkpointStore(checkpointStore) // where its position survives restarts
            .build()) {
      relay.start();
      relay.awaitPosition(store.headPosition(), Duration.ofSeconds(5));
    }
    // end::relay[]
    assertThat(checkpointStore.load(EventRelay.DEFAULT_NAME)).isEqualTo(2);
  }

  @Test
  void postgres() throws Exception {
    String schema = PostgresFixture.newSchema();
    inMemoryStore();
    try (HikariDataSource dataSource = PostgresFixture.dataSourceIn(schema)) {
      // tag::postgres[]
      PostgresEventStore store =
          PostgresEventStore.builder(dataSource, bus.serializer()) // any DataSource, pooled
              .schema(schema) // default "eventbus"
              .build()
              .migrate(); // creates the tables if missing; idempotent

      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) { // the read model, in the same database
        s.execute("CREATE TABLE IF NOT EXISTS balances (account text PRIMARY KEY, balance bigint)");
      }
      ProjectionRunner runner =
          ProjectionRunner.builder(store)
              .add(new BalanceTable(), store.checkpointStore()) // one transaction per page
              .build()
              .start();
      // end::postgres[]
      try (runner) {
        store.append("a", ExpectedVersion.ANY, List.of(new MoneyDeposited("a", 5)));
        assertThat(runner.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
      }
    } finally {
      PostgresFixture.dropSchema(schema);
    }
  }
}
