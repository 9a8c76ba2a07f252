package dev.eventbus.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.IdempotencyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcIdempotencyStore} promises, against a real database: a subclass per database
 * names the data source and a schema of its own for the run's tables.
 */
abstract class JdbcIdempotencyStoreContract {
  record Paid(String orderId) {}

  private final DataSource dataSource;
  private final String schema;

  /**
   * @param dataSource the database, reachable
   * @param schema a schema (on MariaDB: a database) that the test may create and drop
   */
  JdbcIdempotencyStoreContract(DataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** A schema name no other run uses. */
  static String uniqueSchema() {
    return "idem_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** The statement that drops the schema and its tables. */
  abstract String dropSchema(String schema);

  @BeforeEach
  void createSchema() throws SQLException {
    execute("CREATE SCHEMA IF NOT EXISTS " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    execute(dropSchema(schema));
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private JdbcIdempotencyStore store() {
    return JdbcIdempotencyStore.builder(dataSource)
        .table(schema + ".processed")
        .build()
        .createTableIfMissing();
  }

  @Test
  void oneInstanceAtATimeHoldsAnIdAndHandledIdsAreDonePerGroup() {
    JdbcIdempotencyStore store = store();
    assertThat(store.contains("billing", "e1")).isFalse();
    assertThat(store.claim("billing", "e1")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
    assertThat(store.claim("billing", "e1")).isEqualTo(IdempotencyStore.Claim.BUSY);
    store.release("billing", "e1");
    assertThat(store.claim("billing", "e1")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
    store.complete("billing", "e1");
    assertThat(store.claim("billing", "e1")).isEqualTo(IdempotencyStore.Claim.DONE);
    assertThat(store.contains("billing", "e1")).isTrue();
    assertThat(store.contains("shipping", "e1")).isFalse();
    assertThat(store.claim("shipping", "e1")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
    assertThat(store.deleteOlderThan(Duration.ofHours(1))).isZero();
    assertThat(store.deleteOlderThan(Duration.ofMillis(-1000))).isPositive();
    assertThat(store.contains("billing", "e1")).isFalse();
  }

  @Test
  void twoProcessesOfAnIdempotentGroupHandleARepublishedEventOnce() throws Exception {
    JdbcIdempotencyStore store = store();
    InMemoryBroker broker = InMemoryBroker.create();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AtomicInteger handled = new AtomicInteger();
    GroupOptions idempotent = GroupOptions.custom().idempotent(true).build();
    try (EventBus one = idempotentBus(broker, store, meters, idempotent);
        EventBus two = idempotentBus(broker, store, meters, idempotent)) {
      one.subscribe("paid", "g", Paid.class, (p, ctx) -> handled.incrementAndGet());
      two.subscribe("paid", "g", Paid.class, (p, ctx) -> handled.incrementAndGet());
      one.start();
      two.start();
      Event<Paid> event = Event.builder(new Paid("o-1")).randomId().build();
      for (int i = 0; i < 5; i++) {
        (i % 2 == 0 ? one : two).publish("paid", event).get(5, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (settled(meters) < 5) {
        assertThat(System.nanoTime()).as("5 deliveries settled in time").isLessThan(deadline);
        Thread.onSpinWait();
      }
    }
    assertThat(handled.get()).isEqualTo(1);
    assertThat(
            meters.find("eventbus.consumed").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(c -> c.count())
                .sum())
        .isEqualTo(4.0);
  }

  @Test
  void claimAndProcessingTimesAreKeptToTheMicrosecond() throws SQLException {
    JdbcIdempotencyStore store = store();
    store.claim("g", "e");
    store.complete("g", "e");
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT claimed_until, processed_at FROM " + schema + ".processed")) {
      assertThat(r.next()).isTrue();
      // Columns that kept only seconds (MariaDB's TIMESTAMP without a precision) would make a
      // claim of under a second expire at once or up to a second late.
      assertThat(r.getTimestamp(1).getNanos() + r.getTimestamp(2).getNanos()).isPositive();
    }
  }

  private static EventBus idempotentBus(
      InMemoryBroker broker,
      JdbcIdempotencyStore store,
      SimpleMeterRegistry meters,
      GroupOptions options) {
    return EventBus.builder()
        .broker(broker)
        .idempotencyStore(store)
        .meterRegistry(meters)
        .group("g", options)
        .build();
  }

  private static double settled(SimpleMeterRegistry meters) {
    return meters.find("eventbus.consumed").tag("group", "g").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void anExpiredClaimOfACrashedHolderCanBeTakenOver() {
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.builder(dataSource)
            .table(schema + ".short_claims")
            .claimTimeout(Duration.ofMillis(1))
            .build()
            .createTableIfMissing();
    assertThat(store.claim("g", "e")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    IdempotencyStore.Claim again;
    do {
      again = store.claim("g", "e");
    } while (again == IdempotencyStore.Claim.BUSY && System.nanoTime() < deadline);
    assertThat(again).isEqualTo(IdempotencyStore.Claim.CLAIMED);
  }

  @Test
  void tableNameMustBeAnIdentifier() {
    assertThatThrownBy(() -> JdbcIdempotencyStore.builder(dataSource).table("x; drop").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("idempotency.jdbc.table");
  }
}
