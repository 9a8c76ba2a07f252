package dev.eventbus.outbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.DeliveryContext;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.OutboxDialect;
import dev.eventbus.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link SpringOutbox} in transactions of a plain {@link DataSourceTransactionManager}, on the
 * local PostgreSQL: the event commits and rolls back with what {@link JdbcTemplate} wrote.
 */
class SpringOutboxTest {
  /** The event of these tests. */
  public record OrderPlaced(String orderId) {}

  private final String schema =
      "outbox_spring_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private HikariDataSource dataSource;
  private EventBus bus;
  private Outbox outbox;
  private SpringOutbox springOutbox;
  private JdbcTemplate jdbc;
  private TransactionTemplate transactions;

  @BeforeEach
  void setUp() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        System.getenv()
            .getOrDefault(
                "EVENTBUS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    config.setMaximumPoolSize(6);
    dataSource = new HikariDataSource(config);
    jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE SCHEMA " + schema);
    jdbc.execute("CREATE TABLE " + schema + ".orders (id TEXT PRIMARY KEY)");
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    bus = EventBus.builder().build();
    bus.subscribe("orders", "billing", OrderPlaced.class, this::record);
    outbox =
        Outbox.builder(dataSource)
            .dialect(OutboxDialect.POSTGRESQL)
            .table(schema + ".outbox")
            .pollInterval(Duration.ofMillis(50))
            .build(bus)
            .createSchema();
    outbox.relay().start();
    springOutbox = new SpringOutbox(outbox);
  }

  private void record(OrderPlaced order, DeliveryContext ctx) {
    received.add(order.orderId());
    Await.signal();
  }

  @AfterEach
  void tearDown() {
    outbox.close();
    bus.close();
    jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
    dataSource.close();
  }

  private long outboxRows() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + schema + ".outbox", Long.class);
  }

  @Test
  void anEventCommitsAndRollsBackWithTheSpringTransaction() {
    transactions.executeWithoutResult(
        status -> {
          jdbc.update("INSERT INTO " + schema + ".orders (id) VALUES (?)", "o-1");
          springOutbox.publish("orders", new OrderPlaced("o-1"));
          status.setRollbackOnly();
        });
    Event<?> committed =
        transactions.execute(
            status -> {
              jdbc.update("INSERT INTO " + schema + ".orders (id) VALUES (?)", "o-2");
              return springOutbox.publish("orders", new OrderPlaced("o-2"));
            });
    assertThat(committed.id()).isNotBlank();
    Await.until(
        "the committed order's event arrived", Duration.ofSeconds(30), () -> !received.isEmpty());
    Await.until("the outbox is empty", Duration.ofSeconds(30), () -> outboxRows() == 0);
    assertThat(received).containsExactly("o-2");
    assertThat(jdbc.queryForList("SELECT id FROM " + schema + ".orders", String.class))
        .containsExactly("o-2");
  }

  @Test
  void aFailingTransactionWritesNoEvent() {
    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    status -> {
                      springOutbox.publish("orders", new OrderPlaced("o-3"));
                      throw new IllegalStateException("payment refused");
                    }))
        .hasMessage("payment refused");
    assertThat(outboxRows()).isZero();
  }

  @Test
  void publishingOutsideATransactionIsRefused() {
    assertThatThrownBy(() -> springOutbox.publish("orders", new OrderPlaced("o-4")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("active transaction");
    assertThat(outboxRows()).isZero();
  }
}
