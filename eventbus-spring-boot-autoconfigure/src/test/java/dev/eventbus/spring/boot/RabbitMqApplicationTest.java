package dev.eventbus.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventbus.EventBus;
import dev.eventbus.spring.boot.OrdersApp.OrderPlaced;
import dev.eventbus.spring.boot.OrdersApp.Received;
import dev.eventbus.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The application on the local RabbitMQ: HTTP to handlers, dead-letter writes, a restart. */
class RabbitMqApplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The RabbitMQ keys: EVENTBUS_RABBITMQ_URI when set, else the local server, guest/guest. */
  static String[] rabbitMq(String... more) {
    List<String> properties = new ArrayList<>(List.of("eventbus.broker=rabbitmq"));
    String uri = System.getenv("EVENTBUS_RABBITMQ_URI");
    properties.add(
        uri == null || uri.isBlank()
            ? "eventbus.rabbitmq.host=127.0.0.1"
            : "eventbus.rabbitmq.uri=" + uri);
    properties.addAll(List.of(more));
    return properties.toArray(String[]::new);
  }

  @Test
  void anOrderReachesBothHandlersAndDeadLettersAreRedrivenAndPurgedWhenAllowed() {
    try (RunningApp app =
        RunningApp.start(
            RunningApp.uniqueName("orders"),
            rabbitMq("management.endpoint.eventbusdeadletters.access=unrestricted"))) {
      assertThat(app.postOrder("r-1", 4200)).isEqualTo(202);
      app.postOrder("r-dead", OrdersApp.POISON);

      Received received = app.bean(Received.class);
      Await.until(
          "billing and shipping handled r-1",
          WAIT,
          () -> received.count("billing", "r-1") == 1 && received.count("shipping", "r-1") == 1);
      assertThat(app.eventbusHealth().path("status").asText()).isEqualTo("UP");
      assertThat(app.eventbusHealth().path("details").path("broker").path("name").asText())
          .isEqualTo("rabbitmq");
      EventBus bus = app.bean(EventBus.class);
      Await.until(
          "r-dead dead-lettered", WAIT, () -> bus.deadLetters().count(app.topic, "billing") == 1);

      String path = "/actuator/eventbusdeadletters/" + app.topic + "/billing";
      // max 1: a poison event comes back at once, and a larger redrive would take it again.
      JsonNode redriven = json(app, "POST", path, Map.of("max", 1, "perSecond", 50.0));
      assertThat(redriven.path("redriven").asLong()).isEqualTo(1);
      // Poison again: back among the dead letters, then purged.
      Await.until(
          "r-dead dead-lettered again",
          WAIT,
          () -> bus.deadLetters().count(app.topic, "billing") == 1);
      assertThat(json(app, "DELETE", path, null).path("purged").asLong()).isEqualTo(1);
      assertThat(bus.deadLetters().count(app.topic, "billing")).isZero();
    }
  }

  @Test
  @SuppressWarnings("try") // the first run is closed inside its block, while handlers run
  void shutdownWithHandlersInFlightLetsThemFinishAndLosesNothingAcrossARestart() {
    String topic = RunningApp.uniqueName("orders");
    int total = 24;
    Map<String, Integer> handled = new HashMap<>();
    try (RunningApp first = RunningApp.start(topic, rabbitMq())) {
      EventBus bus = first.bean(EventBus.class);
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        sent.add(bus.publish(topic, new OrderPlaced("slow-" + i, OrdersApp.SLOW)));
      }
      sent.forEach(CompletableFuture::join);
      Received received = first.bean(Received.class);
      Await.until(
          "some shipping handlers running",
          WAIT,
          () -> received.running.get() > 0 && !received.of("shipping").isEmpty());
      first.close(); // closes while handlers run: they finish and are acknowledged
      assertThat(received.running.get()).isZero();
      received.of("shipping").forEach((id, n) -> handled.merge(id, n.get(), Integer::sum));
    }
    assertThat(handled).hasSizeLessThan(total); // the restart has work left to do
    try (RunningApp second = RunningApp.start(topic, rabbitMq())) {
      Received received = second.bean(Received.class);
      Await.until(
          "every order shipped by one of the two runs",
          WAIT,
          () -> {
            Map<String, Integer> all = new HashMap<>(handled);
            received.of("shipping").forEach((id, n) -> all.merge(id, n.get(), Integer::sum));
            return all.size() == total;
          });
      Map<String, Integer> all = new HashMap<>(handled);
      received.of("shipping").forEach((id, n) -> all.merge(id, n.get(), Integer::sum));
      long duplicates = all.values().stream().mapToInt(n -> n - 1).sum();
      assertThat(total - all.size()).as("lost").isZero();
      assertThat(duplicates).as("duplicates").isZero();
    }
  }

  private static JsonNode json(RunningApp app, String method, String path, Object body) {
    var response = app.send(method, path, body);
    assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
