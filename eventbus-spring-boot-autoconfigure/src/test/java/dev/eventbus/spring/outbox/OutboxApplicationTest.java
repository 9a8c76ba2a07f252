package dev.eventbus.spring.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.RelayState;
import dev.eventbus.spring.outbox.OutboxApp.Orders;
import dev.eventbus.spring.outbox.OutboxApp.Shipped;
import dev.eventbus.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The starter wires the outbox on the application's PostgreSQL and the in-memory broker: a
 * {@code @Transactional} method's event is published once when it commits and never when it rolls
 * back, the relay runs between the bus's start and close, and the health shows it.
 */
class OutboxApplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NAME =
      "outbox_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String ORDERS = NAME + "_orders";
  private static final String OUTBOX = NAME + "_outbox";
  private static ConfigurableApplicationContext context;

  @BeforeAll
  static void start() {
    context =
        new SpringApplicationBuilder(OutboxApp.class)
            .run( // arguments, over application.properties, which turns the outbox off
                "--orders.table=" + ORDERS,
                "--orders.topic=" + NAME,
                "--eventbus.outbox.enabled=true",
                "--eventbus.outbox.table=" + OUTBOX,
                "--eventbus.outbox.create-schema=true",
                "--eventbus.outbox.poll-interval=50ms",
                "--eventbus.outbox.shards=4");
    jdbc().execute("CREATE TABLE " + ORDERS + " (id VARCHAR(64) PRIMARY KEY)");
  }

  @AfterAll
  static void stop() {
    // The tables are dropped once the relay gave up its shards, over a connection of their own.
    String url = context.getEnvironment().getProperty("spring.datasource.url");
    context.close();
    JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url));
    for (String table : new String[] {ORDERS, OUTBOX, OUTBOX + "_dead", OUTBOX + "_lease"}) {
      jdbc.execute("DROP TABLE IF EXISTS " + table);
    }
    jdbc.execute("DROP TABLE IF EXISTS " + OUTBOX + "_relay");
  }

  private static JdbcTemplate jdbc() {
    return context.getBean(JdbcTemplate.class);
  }

  private static long rows(String table) {
    return jdbc().queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  @Test
  void aCommittedOrderIsPublishedOnceAndARolledBackOneNeverWithNoRowLeft() {
    Orders orders = context.getBean(Orders.class);
    Shipped shipped = context.getBean(Shipped.class);

    assertThatThrownBy(() -> orders.place("o-refused", true))
        .isInstanceOf(IllegalStateException.class);
    assertThat(rows(ORDERS + " WHERE id = 'o-refused'")).isZero();
    assertThat(rows(OUTBOX)).isZero();

    orders.place("o-1", false);
    Await.until("o-1 was shipped", WAIT, () -> shipped.orderIds().contains("o-1"));
    Await.until("the outbox table is empty", WAIT, () -> rows(OUTBOX) == 0);
    assertThat(Await.holdsWithin(Duration.ofMillis(300), () -> shipped.orderIds().size() > 1))
        .as("a second delivery")
        .isFalse();
    assertThat(shipped.orderIds()).containsExactly("o-1");
    assertThat(rows(ORDERS)).isEqualTo(1);
  }

  @Test
  void theRelayRunsWithTheStartersSettingsAndTheHealthShowsIt() throws Exception {
    Outbox outbox = context.getBean(Outbox.class);
    assertThat(outbox.table()).isEqualTo(OUTBOX);
    assertThat(outbox.relay().state()).isEqualTo(RelayState.RUNNING);
    Await.until("the relay holds its 4 shards", WAIT, () -> outbox.relay().shards().size() == 4);

    JsonNode health = health();
    JsonNode eventbus = health.path("components").path("eventbus");
    assertThat(eventbus.path("status").asText()).as("%s", health).isEqualTo("UP");
    JsonNode component = eventbus.path("details").path("components").path("outbox");
    assertThat(component.path("status").asText()).as("%s", eventbus).isEqualTo("UP");
    assertThat(component.path("detail").asText()).startsWith("RUNNING, shards 4");
  }

  private static JsonNode health() throws Exception {
    String port = context.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }
}
