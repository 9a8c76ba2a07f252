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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Against the real PostgreSQL (EVENTBUS_POSTGRES_URL, default 127.0.0.1:5432/test). */
class JdbcIdempotencyStoreTest {
  private static final String SCHEMA = "idem_" + UUID.randomUUID().toString().replace("-", "");
  private static PGSimpleDataSource dataSource;

  record Paid(String orderId) {}

  @BeforeAll
  static void connect() throws SQLException {
    dataSource = new PGSimpleDataSource();
    dataSource.setURL(
        System.getenv()
            .getOrDefault(
                "EVENTBUS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + SCHEMA);
    }
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }
  }

  private static JdbcIdempotencyStore store() {
    return JdbcIdempotencyStore.builder(dataSource)
        .table(SCHEMA + ".processed")
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
            .table(SCHEMA + ".short_claims")
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
