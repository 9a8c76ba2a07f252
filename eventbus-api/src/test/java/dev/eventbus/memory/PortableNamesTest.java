package dev.eventbus.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortableNamesTest {
  record Ping(int n) {}

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\nb", ".", "..", "amq.orders", "orders/eu", "orders:1", "é"})
  void aTopicSomeRealBrokerRefusesIsRefusedBeforeAndAfterStartAndAtPublish(String topic)
      throws Exception {
    try (EventBus bus = EventBus.builder().broker(InMemoryBroker.create()).build()) {
      assertRefused(() -> bus.subscribe(topic, "g", Ping.class, (p, c) -> {}), topic);
      bus.start();
      assertRefused(() -> bus.subscribe(topic, "g", Ping.class, (p, c) -> {}), topic);
      CompletableFuture<?> published = bus.publish(topic, new Ping(1));
      assertThatThrownBy(() -> published.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'" + topic + "'")
          .hasMessageContaining("[a-zA-Z0-9._-]");
      assertThat(bus.publish(topic, new Ping(2))).isCompletedExceptionally();
    }
  }

  @Test
  void aTopicOverTheLengthRefusedAndOneAtItAccepted() {
    String longest = "t".repeat(PortableNames.MAX_LENGTH);
    PortableNames.validate(longest, null);
    assertRefused(() -> PortableNames.validate(longest + "t", null), longest + "t");
  }

  @Test
  void aGroupIsRefusedForItsCharactersOrForTheLengthOfTheNamesDerivedFromIt() {
    assertThatThrownBy(() -> PortableNames.validate("orders", "bil ling"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'group' = 'bil ling'");
    String group = "g".repeat(PortableNames.MAX_LENGTH - "orders.".length());
    PortableNames.validate("orders", group);
    assertThatThrownBy(() -> PortableNames.validate("orders", group + "g"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'<topic>.<group>'")
        .hasMessageContaining("(here 239)");
  }

  @Test
  void theNamesTheProjectUsesAreAccepted() {
    PortableNames.validate("orders", "billing");
    PortableNames.validate("ct-poison-3k2j1", "cg-reader-3k2j1");
    PortableNames.validate("t-orders-6f1c2b9e-8d7a-4c3b-9e2f-1a2b3c4d5e6f", "orders.v1_read");
  }

  private static void assertRefused(Runnable call, String name) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'" + name + "'");
  }
}
