package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.internal.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaNamesTest {
  private final KafkaBroker broker = KafkaBroker.builder().bootstrapServers("localhost:1").build();

  @ParameterizedTest
  @ValueSource(strings = {"a b", ".", "..", "orders/eu", "é", "a\nb"})
  void aTopicKafkaRefusesIsAConfigurationErrorNamingItAndTheRule(String topic) {
    assertThatThrownBy(() -> broker.validateNames(topic, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'topic' = '" + topic + "'")
        .hasMessageContaining("1 to 249 of [a-zA-Z0-9._-], not '.' or '..'");
  }

  @ParameterizedTest
  @ValueSource(ints = {250, 300})
  void aTopicOver249CharactersIsRefused(int length) {
    assertThatThrownBy(() -> broker.validateNames("t".repeat(length), null))
        .isInstanceOf(ConfigurationException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bil ling", "g\tg"})
  void aGroupThatMakesNoLegalRetryTopicIsRefused(String group) {
    assertThatThrownBy(() -> broker.validateNames("orders", group))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'group' = '" + group + "'")
        .hasMessageContaining("orders." + group + ".retry");
  }

  @Test
  void theRetryTopicMayHold249CharactersAndNoMore() {
    String group = "g".repeat(249 - "orders..retry".length());
    broker.validateNames("orders", group);
    Topics.validateNames("orders.v1_x-y", "billing");
    assertThatThrownBy(() -> broker.validateNames("orders", group + "g"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("250 characters");
  }
}
