package dev.eventbus.eventbridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.eventbridge.TopicMapping;
import dev.eventbus.spi.SettingValues;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class NamesTest {
  private static Names names(TopicMapping mapping, QueueType type) {
    SettingValues v =
        Settings.TABLE
            .values()
            .set(Settings.REGION, Region.EU_WEST_1)
            .set(Settings.TOPIC_MAPPING, mapping)
            .set(Settings.QUEUE_TYPE, type)
            .set(Settings.EVENT_BUS_NAME, "shop");
    return new Names(Settings.from(v, null));
  }

  @Test
  void readableNamesStayReadable() {
    Names n = names(TopicMapping.SOURCE, QueueType.STANDARD);

    assertThat(n.queueName("orders", "billing")).isEqualTo("eventbus-orders__billing");
    assertThat(n.deadLetterQueueName("orders", "billing"))
        .isEqualTo("eventbus-orders__billing-dlq");
    assertThat(n.ruleName("orders", "billing")).isEqualTo("eventbus-orders__billing");
    assertThat(n.busName("orders")).isEqualTo("shop");
    assertThat(n.source("orders", "urn:svc")).isEqualTo("orders");
    assertThat(n.eventPattern("orders")).isEqualTo("{\"source\":[\"orders\"]}");
  }

  @Test
  void namesWithControlCharactersOrOver256CharactersAreRefusedAndOthersMapped() {
    assertThatThrownBy(() -> Names.validate("orders\n", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'topic' = 'orders\n'")
        .hasMessageContaining("1 to 256 characters, no control characters");
    assertThatThrownBy(() -> Names.validate("orders", "g".repeat(257)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'group' = 'ggg");
    Names.validate("t".repeat(256), "g".repeat(256));
    Names.validate("orders eu/ß", "billing:team");
    assertThat(names(TopicMapping.SOURCE, QueueType.STANDARD).queueName("orders eu/ß", "b:t"))
        .matches("eventbus-orders_eu_+b_t-[0-9a-f]{8}");
  }

  @Test
  void fifoQueuesEndInFifo() {
    Names n = names(TopicMapping.SOURCE, QueueType.FIFO);

    assertThat(n.queueName("orders", "billing")).isEqualTo("eventbus-orders__billing.fifo");
    assertThat(n.deadLetterQueueName("orders", "billing"))
        .isEqualTo("eventbus-orders__billing-dlq.fifo");
  }

  @Test
  void disallowedCharactersAndLongNamesGetAHashSoThatPairsNeverCollide() {
    Names n = names(TopicMapping.BUS, QueueType.FIFO);

    String dotted = n.queueName("shop.orders", "billing");
    String underscored = n.queueName("shop_orders", "billing");
    String longName = n.queueName("t".repeat(100), "g".repeat(100));

    assertThat(dotted).matches("[-_A-Za-z0-9]+\\.fifo").isNotEqualTo(underscored);
    assertThat(longName.length()).isLessThanOrEqualTo(80);
    assertThat(n.deadLetterQueueName("t".repeat(100), "g".repeat(100)).length())
        .isLessThanOrEqualTo(80);
    assertThat(n.ruleName("t".repeat(100), "g").length()).isLessThanOrEqualTo(64);
    assertThat(n.queueName("a__b", "c")).isNotEqualTo(n.queueName("a", "b__c"));
  }

  @Test
  void aBusPerTopicMatchesEverySourceOfItsBus() {
    Names n = names(TopicMapping.BUS, QueueType.STANDARD);

    assertThat(n.busName("orders")).isEqualTo("orders");
    assertThat(n.source("orders", "urn:svc")).isEqualTo("urn:svc");
    assertThat(n.eventPattern("orders")).isEqualTo("{\"source\":[{\"prefix\":\"\"}]}");
  }
}
