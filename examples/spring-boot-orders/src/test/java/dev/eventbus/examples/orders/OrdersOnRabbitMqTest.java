package dev.eventbus.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The same service on the local RabbitMQ, by the {@code rabbitmq} profile alone. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "orders.topic=example-orders-rabbitmq-test")
@ActiveProfiles("rabbitmq")
class OrdersOnRabbitMqTest {
  @Autowired TestRestTemplate http;

  @Test
  void aPostedOrderIsBilledAndShippedThroughRabbitMq() {
    OrdersApplicationTest.OrderFlow.placeAndAwaitBilledAndShipped(http);

    Map<?, ?> health = http.getForObject("/actuator/health", Map.class);
    Map<?, ?> eventbus = (Map<?, ?>) ((Map<?, ?>) health.get("components")).get("eventbus");
    assertThat(eventbus.get("status")).isEqualTo("UP");
    assertThat(eventbus.toString()).contains("name=rabbitmq");
  }
}
