package dev.eventbus.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.spring.boot.OrdersApp.Billing;
import dev.eventbus.spring.boot.OrdersApp.OrderPlaced;
import dev.eventbus.spring.boot.OrdersApp.Received;
import dev.eventbus.testkit.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** One application on the in-memory broker: handlers, placeholders, health, metrics, endpoint. */
class InMemoryApplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RunningApp app;

  @BeforeAll
  static void start() {
    String topic = RunningApp.uniqueName("orders");
    app =
        RunningApp.start(
            topic,
            "eventbus.idempotency.store=jdbc",
            "eventbus.idempotency.jdbc.table=" + topic + "_processed",
            "eventbus.idempotency.jdbc.create-table=true",
            "eventbus.groups.shipping.idempotent=true",
            "eventbus.source=urn:test:orders",
            "eventbus.groups.billing.retry.max-attempts=4",
            "eventbus.groups.billing.retry.initial-delay=10ms",
            "eventbus.groups.shipping.concurrency=2",
            "eventbus.memory.mode=encoded",
            "spring.jackson.serialization.indent-output=true",
            // Spring Boot 4's Jackson 2 mapper (spring-boot-jackson2) reads its own prefix.
            "spring.jackson2.serialization.indent-output=true");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void anOrderPostedOverHttpReachesEveryHandlerBean() {
    assertThat(app.postOrder("o-1", 4200)).isEqualTo(202);

    Received received = app.bean(Received.class);
    Await.until(
        "billing, shipping and audit handled o-1",
        WAIT,
        () ->
            received.count("billing", "o-1") == 1
                && received.count("shipping", "o-1") == 1
                && received.count("audit", "o-1") == 1);
    EventBus bus = app.bean(EventBus.class);
    assertThat(bus.subscriptions())
        .extracting(s -> s.topic() + "/" + s.group())
        .containsExactlyInAnyOrder(
            app.topic + "/billing", app.topic + "/shipping", app.topic + "/audit");
  }

  @Test
  void aTransactionalHandlerRollsBackTheFailedAttemptBeforeItsRetry() {
    app.postOrder("o-flaky", OrdersApp.FLAKY);

    Received received = app.bean(Received.class);
    Await.until("billing handled o-flaky", WAIT, () -> received.count("billing", "o-flaky") == 1);
    // The first attempt inserted, then threw: through the proxy its insert was rolled back.
    assertThat(app.bean(Billing.class).rows("o-flaky")).isEqualTo(1);
  }

  @Test
  void groupPropertiesReachTheBus() {
    // max-attempts=4 from the properties: the flaky order needs 2; a poison order is dead at once.
    app.postOrder("o-poison", OrdersApp.POISON);
    Await.until(
        "o-poison dead-lettered",
        WAIT,
        () -> app.bean(EventBus.class).deadLetters().count(app.topic, "billing") >= 1);
    assertThat(GroupOptions.ofDefaults().concurrency()).isEqualTo(4);
  }

  @Test
  void anIdempotentGroupRemembersHandledIdsInTheApplicationsDatabase() {
    EventBus bus = app.bean(EventBus.class);
    Event<OrderPlaced> twice =
        Event.builder(new OrderPlaced("o-twice", 500)).id("evt-twice").build();
    bus.publish(app.topic, twice).join();
    bus.publish(app.topic, twice).join();
    bus.publish(app.topic, new OrderPlaced("o-after", 500)).join();

    Received received = app.bean(Received.class);
    Await.until("o-after shipped", WAIT, () -> received.count("shipping", "o-after") == 1);
    assertThat(received.count("shipping", "o-twice")).isEqualTo(1);
    Integer rows =
        app.bean(JdbcTemplate.class)
            .queryForObject(
                "SELECT COUNT(*) FROM "
                    + app.topic
                    + "_processed WHERE group_name = 'shipping'"
                    + " AND event_id = 'evt-twice'",
                Integer.class);
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void healthShowsTheBusUpWithItsBrokerAndSubscriptions() {
    JsonNode eventbus = app.eventbusHealth();

    assertThat(eventbus.path("status").asText()).isEqualTo("UP");
    assertThat(eventbus.path("details").path("broker").path("status").asText()).isEqualTo("UP");
    assertThat(eventbus.path("details").path("subscriptions").findValuesAsText("group"))
        .containsExactlyInAnyOrder("billing", "shipping", "audit");
    assertThat(eventbus.path("details").path("subscriptions").findValuesAsText("state"))
        .containsOnly("RUNNING");
  }

  @Test
  void theBusMetersAreInTheActuatorsMetricsAndPrometheus() {
    app.postOrder("o-metrics", 100);
    Received received = app.bean(Received.class);
    Await.until("o-metrics billed", WAIT, () -> received.count("billing", "o-metrics") == 1);

    JsonNode names = app.getJson("/actuator/metrics").path("names");
    assertThat(names.findValuesAsText("names")).isEmpty();
    assertThat(names.toString()).contains("\"eventbus.publish\"", "\"eventbus.handler\"");
    String prometheus = app.send("GET", "/actuator/prometheus", null).body();
    assertThat(prometheus).contains("eventbus_handler_seconds_count", "group=\"billing\"");
    // The bus observes through the application's ObservationRegistry (traces across brokers).
    assertThat(app.bean(OrdersApp.SeenObservations.class).names)
        .contains("messaging.client.operation.duration", "messaging.process.duration");
  }

  @Test
  void deadLettersCanBeListedAndInspectedButNotRedrivenByDefault() {
    app.postOrder("o-dead", OrdersApp.POISON);
    EventBus bus = app.bean(EventBus.class);
    Await.until(
        "o-dead dead-lettered",
        WAIT,
        () ->
            bus.deadLetters().list(app.topic, "billing", 100).stream()
                .anyMatch(d -> d.bodyAsString().contains("o-dead")));

    JsonNode groups = app.getJson("/actuator/eventbusdeadletters");
    assertThat(groups.toString()).contains("\"group\":\"billing\"");
    String path = "/actuator/eventbusdeadletters/" + app.topic + "/billing";
    JsonNode list = app.getJson(path);
    assertThat(list.path("count").asLong()).isGreaterThanOrEqualTo(1);
    JsonNode first = list.path("deadLetters").get(0);
    assertThat(first.path("reason").asText()).isNotBlank();
    JsonNode one = app.getJson(path + "/" + first.path("id").asText());
    assertThat(one.path("exceptionClass").asText()).isEqualTo("dev.eventbus.NonRetryableException");
    // The codec writes with the application's mapper: indented, from spring.jackson.*.
    assertThat(one.path("body").asText()).contains("\"orderId\" : \"o-dead\"");

    assertThat(app.send("POST", path, Map.of("max", 10)).statusCode()).isIn(404, 405);
    assertThat(app.send("DELETE", path, null).statusCode()).isIn(404, 405);
    assertThat(bus.deadLetters().count(app.topic, "billing")).isGreaterThanOrEqualTo(1);
  }
}
