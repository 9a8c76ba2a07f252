package dev.eventbus.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.kafka.KafkaTestBroker;
import dev.eventbus.spring.boot.OrdersApp.Received;
import dev.eventbus.testkit.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The application on a real KRaft Kafka: HTTP to handlers; health through a broker outage. */
class KafkaApplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void anOrderReachesBothHandlersAndHealthFollowsTheBrokerDownAndUp() {
    KafkaTestBroker kafka = KafkaTestBroker.shared();
    try (RunningApp app =
        RunningApp.start(
            RunningApp.uniqueName("orders"),
            "eventbus.broker=kafka",
            "eventbus.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            // Each member makes its topic and start offsets on its own poll thread after start: on
            // a topic new to the test, EARLIEST does not depend on when that happens.
            "eventbus.groups.billing.start-position=earliest",
            "eventbus.groups.shipping.start-position=earliest",
            "eventbus.groups.audit.start-position=earliest")) {
      Await.until("health UP once every member joined", WAIT, () -> "UP".equals(status(app)));
      assertThat(app.postOrder("k-1", 4200)).isEqualTo(202);
      Received received = app.bean(Received.class);
      Await.until(
          "billing and shipping handled k-1",
          WAIT,
          () -> received.count("billing", "k-1") == 1 && received.count("shipping", "k-1") == 1);
      assertThat(status(app)).isEqualTo("UP");
      if (!kafka.supportsRestart()) {
        return; // an external broker (EVENTBUS_KAFKA_BOOTSTRAP) is not ours to kill
      }

      kafka.killAndLeaveDown();
      try {
        Await.until("health DOWN while Kafka is down", WAIT, () -> "DOWN".equals(status(app)));
        assertThat(app.getJson("/actuator/health").path("status").asText()).isEqualTo("DOWN");
      } finally {
        kafka.startAgain();
      }
      Await.until("health UP once Kafka is back", WAIT, () -> "UP".equals(status(app)));
      app.postOrder("k-2", 100);
      Await.until(
          "k-2 shipped after the outage", WAIT, () -> received.count("shipping", "k-2") == 1);
    }
  }

  private static String status(RunningApp app) {
    return app.eventbusHealth().path("status").asText();
  }
}
