package dev.eventbus.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.testkit.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * The service as it runs: over HTTP, on the in-memory broker. Spring Boot's tests leave metrics
 * export off unless asked ({@code @AutoConfigureObservability}), so that Prometheus answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class OrdersApplicationTest {
  @Autowired TestRestTemplate http;

  @Test
  void aPostedOrderIsBilledAndShipped() {
    OrderFlow.placeAndAwaitBilledAndShipped(http);
  }

  @Test
  void healthAndPrometheusShowTheBus() {
    OrderFlow.placeAndAwaitBilledAndShipped(http);

    Map<?, ?> health = http.getForObject("/actuator/health", Map.class);
    assertThat(health.get("status")).isEqualTo("UP");
    Map<?, ?> eventbus = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("eventbus");
    assertThat(eventbus.get("status")).isEqualTo("UP");
    String prometheus = http.getForObject("/actuator/prometheus", String.class);
    assertThat(prometheus).contains("eventbus_publish_seconds_count", "group=\"shipping\"");
  }

  /** Places an order and waits until both handlers marked it. */
  static final class OrderFlow {
    private OrderFlow() {}

    static String placeAndAwaitBilledAndShipped(TestRestTemplate http) {
      Map<?, ?> placed =
          http.postForObject(
              "/orders", Map.of("customerId", "c-7", "amountCents", 4200), Map.class);
      String orderId = (String) placed.get("orderId");
      Await.until(
          "order " + orderId + " billed and shipped",
          Duration.ofSeconds(20),
          () ->
              String.valueOf(http.getForObject("/orders/" + orderId, Map.class).get("done"))
                  .matches(".*(billed, shipped|shipped, billed).*"));
      return orderId;
    }
  }
}
