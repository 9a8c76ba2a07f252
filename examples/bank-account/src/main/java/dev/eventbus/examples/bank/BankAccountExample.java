package dev.eventbus.examples.bank;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.eventsourcing.AggregateRepository;
import dev.eventbus.eventsourcing.CheckpointStore;
import dev.eventbus.eventsourcing.EventRelay;
import dev.eventbus.eventsourcing.EventStore;
import dev.eventbus.eventsourcing.InMemoryCheckpointStore;
import dev.eventbus.eventsourcing.InMemoryEventStore;
import dev.eventbus.eventsourcing.InMemorySnapshotStore;
import dev.eventbus.eventsourcing.PostgresEventStore;
import dev.eventbus.eventsourcing.ProjectionRunner;
import dev.eventbus.eventsourcing.SnapshotStore;
import dev.eventbus.examples.bank.BankEvents.AccountOpened;
import dev.eventbus.examples.bank.BankEvents.MoneyDeposited;
import dev.eventbus.examples.bank.BankEvents.MoneyWithdrawn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Event sourcing and CQRS end to end: commands on account aggregates append events to an event
 * store; two projections (balances, statements) answer queries; a rebuild of both from position 0
 * gives the same answers; a relay publishes the stored events to the bus, where a consumer sees
 * them with their stored ids.
 *
 * <p>Runs on the in-memory store by default; {@code --postgres jdbc:postgresql://host/db} runs on
 * PostgreSQL (schema {@code bank_example}, created if missing; user from the URL, else {@code
 * PGUSER}, else {@code postgres}). Exits with status 0 when the rebuilt read models give the same
 * answers, 1 otherwise.
 */
public final class BankAccountExample {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final AggregateRepository<Account> accounts;
  private final String run = UUID.randomUUID().toString().substring(0, 6);

  private BankAccountExample(AggregateRepository<Account> accounts) {
    this.accounts = accounts;
  }

  /**
   * Runs the example.
   *
   * @param args nothing, or {@code --postgres <jdbc-url>}
   * @throws Exception if the example cannot run
   */
  public static void main(String[] args) throws Exception {
    String postgresUrl = postgresUrl(args);
    HikariDataSource dataSource = postgresUrl == null ? null : dataSource(postgresUrl);
    boolean same;
    try (EventBus bus = newBus()) {
      EventStore store;
      CheckpointStore checkpoints;
      SnapshotStore snapshots;
      if (dataSource == null) {
        System.out.println("Event store: in memory");
        store = InMemoryEventStore.create(bus.serializer());
        checkpoints = InMemoryCheckpointStore.create();
        snapshots = InMemorySnapshotStore.create();
      } else {
        System.out.println("Event store: PostgreSQL " + postgresUrl + ", schema bank_example");
        PostgresEventStore pg =
            PostgresEventStore.builder(dataSource, bus.serializer()).schema("bank_example").build();
        store = pg.migrate();
        checkpoints = pg.checkpointStore();
        snapshots = pg.snapshotStore();
      }
      same = run(bus, store, checkpoints, snapshots);
    } finally {
      if (dataSource != null) {
        dataSource.close();
      }
    }
    if (!same) {
      System.exit(1);
    }
  }

  private static boolean run(
      EventBus bus, EventStore store, CheckpointStore checkpoints, SnapshotStore snapshots)
      throws InterruptedException {
    Notifications notifications = new Notifications();
    bus.subscribe(notifications);
    bus.start();
    BalanceProjection balances = new BalanceProjection();
    HistoryProjection history = new HistoryProjection();
    AggregateRepository<Account> repository =
        AggregateRepository.builder(store, Account.NONE, Account::apply)
            .snapshots(snapshots, 5)
            .retryOnConflict(3)
            .build();
    BankAccountExample example = new BankAccountExample(repository);
    try (ProjectionRunner projections =
            ProjectionRunner.builder(store).add(balances).add(history).build().start();
        EventRelay relay =
            EventRelay.builder(store, bus)
                .name("bank-relay")
                .topic(recorded -> Notifications.TOPIC)
                .checkpointStore(checkpoints)
                .build()
                .start()) {
      long headBefore = store.headPosition();
      List<String> ids = example.commands();
      projections.awaitCaughtUp(WAIT);
      relay.awaitPosition(store.headPosition(), WAIT);
      List<String> published = notifications.await((int) (store.headPosition() - headBefore), WAIT);
      System.out.println("\nPublished by the relay, received by the bus group 'notifications':");
      published.forEach(line -> System.out.println("  " + line));

      System.out.println("\nQueries, answered by the projections:");
      List<String> before = example.answers(ids, balances, history);
      before.forEach(System.out::println);

      System.out.println("\nRebuilding both projections from position 0 ...");
      projections.rebuild("balances");
      projections.rebuild("history");
      projections.awaitCaughtUp(WAIT);
      List<String> after = example.answers(ids, balances, history);
      boolean same = before.equals(after);
      System.out.println("Same answers after the rebuild: " + same);
      System.out.println(
          "Events in the store: "
              + store.headPosition()
              + "; published by the relay up to position "
              + relay.position()
              + "; distinct events received on the bus: "
              + published.size());
      return same;
    }
  }

  private List<String> commands() {
    String alice = "alice-" + run;
    String bob = "bob-" + run;
    System.out.println("\nCommands:");
    execute(alice, "open " + alice, a -> a.open(alice, "Alice"));
    execute(bob, "open " + bob, a -> a.open(bob, "Bob"));
    execute(alice, "deposit 100 to " + alice, a -> a.deposit(alice, 100, "salary"));
    execute(bob, "deposit 40 to " + bob, a -> a.deposit(bob, 40, "gift"));
    execute(alice, "withdraw 30 from " + alice, a -> a.withdraw(alice, 30, "groceries"));
    execute(bob, "withdraw 500 from " + bob, a -> a.withdraw(bob, 500, "car"));
    execute(alice, "withdraw 25 from " + alice, a -> a.withdraw(alice, 25, "to bob"));
    execute(bob, "deposit 25 to " + bob, a -> a.deposit(bob, 25, "from alice"));
    execute(alice, "open " + alice + " again", a -> a.open(alice, "Alice"));
    return List.of(alice, bob);
  }

  private void execute(String id, String what, Function<Account, List<Object>> command) {
    try {
      long version = accounts.execute(id, command).version();
      System.out.printf("  %-32s ok, %s is at version %d%n", what, id, version);
    } catch (IllegalStateException | IllegalArgumentException rejected) {
      System.out.printf("  %-32s rejected: %s%n", what, rejected.getMessage());
    }
  }

  private List<String> answers(
      List<String> ids, BalanceProjection balances, HistoryProjection history) {
    List<String> lines = new ArrayList<>();
    for (String id : ids) {
      lines.add(
          "  balance of "
              + id
              + ": "
              + balances.balance(id).map(String::valueOf).orElse("no such account")
              + " (the aggregate says "
              + accounts.load(id).state().balance()
              + ")");
      for (HistoryProjection.Line line : history.statement(id)) {
        lines.add("    " + line);
      }
    }
    return lines;
  }

  private static EventBus newBus() {
    return EventBus.builder()
        .source("urn:example:bank")
        .registerType(AccountOpened.class)
        .registerType(MoneyDeposited.class)
        .registerType(MoneyWithdrawn.class)
        .registerType(Account.class)
        .group(Notifications.GROUP, GroupOptions.custom().idempotent(true).build())
        .build();
  }

  private static String postgresUrl(String[] args) {
    if (args.length == 0) {
      return null;
    }
    if (args.length == 2
        && args[0].equals("--postgres")
        && args[1].startsWith("jdbc:postgresql:")) {
      return args[1];
    }
    System.err.println("usage: BankAccountExample [--postgres jdbc:postgresql://host:port/db]");
    System.exit(2);
    return null;
  }

  private static HikariDataSource dataSource(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (!url.contains("user=")) {
      config.setUsername(System.getenv().getOrDefault("PGUSER", "postgres"));
    }
    config.setMaximumPoolSize(4);
    config.setPoolName("bank-example");
    return new HikariDataSource(config);
  }
}
