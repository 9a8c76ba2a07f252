package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.spi.BrokerHealth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthComponentTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aComponentDownTakesTheBusDownAndBackUpWhenItRecovers() {
    AtomicReference<BrokerHealth> relay = new AtomicReference<>(BrokerHealth.up("RUNNING"));
    try (EventBus bus = EventBus.builder().build().start()) {
      bus.addHealthComponent("outbox", relay::get);
      assertThat(bus.health().status()).isEqualTo(HealthStatus.UP);
      assertThat(bus.health().components()).containsEntry("outbox", BrokerHealth.up("RUNNING"));

      relay.set(BrokerHealth.down("BACKING_OFF: connection refused"));
      BusHealth down = bus.health();
      assertThat(down.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(down.brokerHealth().status()).isEqualTo(HealthStatus.UP);
      assertThat(down.components().get("outbox").detail())
          .isEqualTo("BACKING_OFF: connection refused");

      relay.set(BrokerHealth.up("RUNNING"));
      assertThat(bus.health().status()).isEqualTo(HealthStatus.UP);
    }
  }

  @Test
  void componentsShowInTheOrderAddedInTheJson() throws Exception {
    try (EventBus bus = EventBus.builder().build().start()) {
      bus.addHealthComponent("outbox:orders", () -> BrokerHealth.up("orders relay"));
      bus.addHealthComponent("outbox:billing", () -> BrokerHealth.down("billing relay closed"));

      BusHealth health = bus.health();
      assertThat(health.components().keySet()).containsExactly("outbox:orders", "outbox:billing");
      JsonNode tree = json.readTree(health.toJson());
      assertThat(tree.at("/status").asText()).isEqualTo("DOWN");
      assertThat(tree.at("/components/outbox:orders/status").asText()).isEqualTo("UP");
      assertThat(tree.at("/components/outbox:orders/detail").asText()).isEqualTo("orders relay");
      assertThat(tree.at("/components/outbox:billing/status").asText()).isEqualTo("DOWN");
      assertThat(tree.get("components").fieldNames())
          .toIterable()
          .containsExactly("outbox:orders", "outbox:billing");
    }
  }

  @Test
  void closingTheRegistrationRemovesTheComponentAndTheJsonOmitsAnEmptySet() throws Exception {
    try (EventBus bus = EventBus.builder().build().start()) {
      BusHealth.ComponentRegistration registration =
          bus.addHealthComponent("outbox", () -> BrokerHealth.down("closed"));
      assertThat(bus.health().status()).isEqualTo(HealthStatus.DOWN);

      registration.close();
      registration.close();

      BusHealth health = bus.health();
      assertThat(health.status()).isEqualTo(HealthStatus.UP);
      assertThat(health.components()).isEmpty();
      assertThat(json.readTree(health.toJson()).has("components")).isFalse();
      bus.addHealthComponent("outbox", () -> BrokerHealth.up("again"));
      assertThat(bus.health().components()).containsOnlyKeys("outbox");
    }
  }

  @Test
  void aSecondComponentOfTheSameNameIsRefusedAndAnOldRegistrationLeavesTheNewOneAlone() {
    try (EventBus bus = EventBus.builder().build().start()) {
      BusHealth.ComponentRegistration first =
          bus.addHealthComponent("outbox", () -> BrokerHealth.up("first"));
      assertThatThrownBy(() -> bus.addHealthComponent("outbox", () -> BrokerHealth.up("second")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'outbox'");
      first.close();
      bus.addHealthComponent("outbox", () -> BrokerHealth.up("third"));
      first.close();
      assertThat(bus.health().components().get("outbox").detail()).isEqualTo("third");
    }
  }

  @Test
  void aComponentThatThrowsReadsAsDownWithoutFailingTheSnapshot() {
    try (EventBus bus = EventBus.builder().build().start()) {
      bus.addHealthComponent(
          "outbox",
          () -> {
            throw new IllegalStateException("boom");
          });
      BusHealth health = bus.health();
      assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
      assertThat(health.components().get("outbox").detail())
          .isEqualTo("health check failed: IllegalStateException");
    }
  }

  @Test
  void theOlderConstructorAndFactoryStillWorkWithNoComponents() {
    BusHealth.SubscriptionHealth running =
        new BusHealth.SubscriptionHealth("t", "g", SubscriptionState.RUNNING, 0);
    BusHealth old =
        new BusHealth(HealthStatus.UP, "memory", BrokerHealth.up("ok"), List.of(running));
    assertThat(old.components()).isEmpty();
    assertThat(BusHealth.of("memory", BrokerHealth.up("ok"), List.of(running)).components())
        .isEmpty();
    BusHealth withDown =
        BusHealth.of(
            "memory", BrokerHealth.up("ok"), List.of(running), Map.of("x", BrokerHealth.down("d")));
    assertThat(withDown.status()).isEqualTo(HealthStatus.DOWN);
  }
}
