package dev.eventbus.eventsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import dev.eventbus.eventsourcing.TestEvents.MoneyDeposited;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL store does: migrations, and projections that commit with the log. */
class PostgresProjectionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private EventBus bus;
  private PostgresEventStore store;
  private DataSource dataSource;
  private String schema;

  @BeforeEach
  void createStore() throws SQLException {
    dataSource = PostgresFixture.dataSource();
    schema = PostgresFixture.newSchema();
    bus = TestEvents.newBus();
    store =
        PostgresEventStore.builder(dataSource, bus.serializer()).schema(schema).build().migrate();
    sql("CREATE TABLE " + schema + ".balances (account text PRIMARY KEY, balance bigint NOT NULL)");
  }

  @AfterEach
  void dropStore() {
    if (bus != null) { // null when PostgreSQL is not reachable and the test was aborted
      bus.close();
      PostgresFixture.dropSchema(schema);
    }
  }

  @Test
  void migrationIsIdempotentEvenWhenRunConcurrently() {
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(CompletableFuture.runAsync(store::migrate));
    }
    runs.forEach(CompletableFuture::join);
    store.append("a", ExpectedVersion.NO_STREAM, List.of(new MoneyDeposited("a", 1)));
    store.migrate();
    assertThat(store.headPosition()).isEqualTo(1);
  }

  @Test
  void anInvalidSchemaNameIsRejectedAtBuild() {
    assertThatThrownBy(
            () ->
                PostgresEventStore.builder(dataSource, bus.serializer()).schema("x; DROP").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'schema'")
        .hasMessageContaining("x; DROP");
  }

  @Test
  void aJdbcProjectionCommitsItsReadModelWithItsCheckpointAndRebuildsTheSame() throws Exception {
    for (int i = 1; i <= 40; i++) {
      store.append(
          "acc-" + (i % 4), ExpectedVersion.ANY, List.of(new MoneyDeposited("acc-" + (i % 4), i)));
    }
    AtomicInteger transientFailures = new AtomicInteger();
    JdbcBalances balances =
        new JdbcBalances(
            schema,
            e -> {
              if (e.position() == 25 && transientFailures.getAndIncrement() == 0) {
                throw new SQLTransientConnectionException("connection reset (simulated)");
              }
            });
    try (ProjectionRunner runner =
        ProjectionRunner.builder(store)
            .add(balances, store.checkpointStore())
            .pageSize(10)
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
            .build()) {
      runner.start();
      assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
      Map<String, Long> model = readModel();
      assertThat(model).containsEntry("acc-0", 4L + 8 + 12 + 16 + 20 + 24 + 28 + 32 + 36 + 40);
      assertThat(model.values().stream().mapToLong(Long::longValue).sum())
          .as("each event once")
          .isEqualTo(820);
      assertThat(transientFailures).as("the failed page was retried").hasValue(2);
      assertThat(store.checkpointStore().load("balances")).isEqualTo(40);

      runner.rebuild("balances");
      assertThat(runner.awaitCaughtUp(WAIT)).isTrue();
      assertThat(readModel()).isEqualTo(model);
    }
  }

  @Test
  void aFailureMidPageLeavesReadModelAndCheckpointAtTheEventBefore() throws Exception {
    for (int i = 1; i <= 10; i++) {
      store.append("a", ExpectedVersion.ANY, List.of(new MoneyDeposited("a", i)));
    }
    JdbcBalances balances =
        new JdbcBalances(
            schema,
            e -> {
              if (e.position() == 7) {
                throw new SQLException("constraint violated (simulated)", "23514");
              }
            });
    try (ProjectionRunner runner =
        ProjectionRunner.builder(store).add(balances, store.checkpointStore()).build()) {
      runner.start();
      assertThatThrownBy(() -> runner.awaitCaughtUp(WAIT))
          .isInstanceOf(ProjectionException.class)
          .hasMessageContaining("position 7")
          .hasMessageContaining("constraint violated");
      assertThat(readModel()).containsExactly(Map.entry("a", 21L)); // 1 + ... + 6
      assertThat(store.checkpointStore().load("balances")).isEqualTo(6);
      assertThat(runner.status("balances").lag()).isEqualTo(4);
    }
  }

  private Map<String, Long> readModel() throws SQLException {
    Map<String, Long> model = new TreeMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT account, balance FROM " + schema + ".balances");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        model.put(r.getString(1), r.getLong(2));
      }
    }
    return model;
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** Something to run before each event, to inject failures. */
  interface Hook {
    void before(RecordedEvent event) throws SQLException;
  }

  /** Balances in a table, in the projection's transaction. */
  static final class JdbcBalances implements JdbcProjection {
    private final String table;
    private final Hook hook;

    JdbcBalances(String schema, Hook hook) {
      this.table = schema + ".balances";
      this.hook = hook;
    }

    @Override
    public String name() {
      return "balances";
    }

    @Override
    public void apply(Connection c, RecordedEvent event) throws SQLException {
      hook.before(event);
      if (event.payload() instanceof MoneyDeposited d) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " AS b (account, balance) VALUES (?, ?)"
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
        s.execute("DELETE FROM " + table);
      }
    }
  }
}
