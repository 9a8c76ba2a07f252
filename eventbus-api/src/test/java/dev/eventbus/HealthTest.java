package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.spi.BrokerHealth;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HealthTest {
  record Ping(int n) {}

  @Test
  void downUntilStartedUpWhileRunningDownAfterClose() throws Exception {
    EventBus bus = EventBus.builder().build();
    bus.subscribe("pings", "pong", Ping.class, (p, c) -> {});
    assertThat(bus.health().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(bus.health().brokerHealth().detail()).isEqualTo("bus not started");

    bus.start();
    BusHealth running = bus.health();
    assertThat(running.status()).isEqualTo(HealthStatus.UP);
    assertThat(running.broker()).isEqualTo("memory");
    assertThat(running.subscriptions())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.topic()).isEqualTo("pings");
              assertThat(s.group()).isEqualTo("pong");
              assertThat(s.status()).isEqualTo(HealthStatus.UP);
            });

    bus.close();
    assertThat(bus.health().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(bus.health().brokerHealth().detail()).isEqualTo("bus closed");
  }

  @Test
  void pausedByBackpressureIsUpAndTheJsonShowsInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    try (EventBus bus =
        EventBus.builder()
            .groupDefaults(GroupOptions.custom().concurrency(1).maxInFlight(1).build())
            .build()) {
      bus.subscribe(
          "pings",
          "slow",
          Ping.class,
          (p, c) -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
          });
      bus.start();
      bus.publish("pings", new Ping(1)).get(5, TimeUnit.SECONDS);
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

      BusHealth health = bus.health();
      JsonNode json = new ObjectMapper().readTree(health.toJson());
      release.countDown();

      assertThat(health.subscriptions().get(0).state()).isEqualTo(SubscriptionState.PAUSED);
      assertThat(health.status()).isEqualTo(HealthStatus.UP);
      assertThat(json.get("status").asText()).isEqualTo("UP");
      assertThat(json.at("/broker/name").asText()).isEqualTo("memory");
      assertThat(json.at("/broker/status").asText()).isEqualTo("UP");
      assertThat(json.at("/subscriptions/0/group").asText()).isEqualTo("slow");
      assertThat(json.at("/subscriptions/0/state").asText()).isEqualTo("PAUSED");
      assertThat(json.at("/subscriptions/0/inFlight").asInt()).isEqualTo(1);
    }
  }

  @Test
  void aFailingSubscriptionOrADownBrokerMakesTheBusDown() {
    BusHealth.SubscriptionHealth failing =
        new BusHealth.SubscriptionHealth("t", "g", SubscriptionState.FAILING, 0);
    BusHealth.SubscriptionHealth fine =
        new BusHealth.SubscriptionHealth("t", "h", SubscriptionState.RUNNING, 0);
    assertThat(BusHealth.of("x", BrokerHealth.up("ok"), List.of(fine, failing)).status())
        .isEqualTo(HealthStatus.DOWN);
    assertThat(BusHealth.of("x", BrokerHealth.down("lost"), List.of(fine)).status())
        .isEqualTo(HealthStatus.DOWN);
    assertThat(BusHealth.of("x", BrokerHealth.up("ok"), List.of(fine)).status())
        .isEqualTo(HealthStatus.UP);
  }

  @Test
  void aFailingSubscriptionShowsTheBrokersReasonAndARunningOneNone() throws Exception {
    BusHealth health =
        BusHealth.of(
            "x",
            BrokerHealth.down("lost"),
            List.of(
                new BusHealth.SubscriptionHealth(
                    "t", "g", SubscriptionState.FAILING, 0, "no broker answered for 3 s"),
                new BusHealth.SubscriptionHealth("t", "h", SubscriptionState.RUNNING, 2)));
    JsonNode json = new ObjectMapper().readTree(health.toJson());
    assertThat(json.at("/subscriptions/0/detail").asText()).isEqualTo("no broker answered for 3 s");
    assertThat(json.at("/subscriptions/1/detail").isMissingNode()).isTrue();
    assertThat(health.subscriptions().get(1).detail()).isNull();
  }
}
