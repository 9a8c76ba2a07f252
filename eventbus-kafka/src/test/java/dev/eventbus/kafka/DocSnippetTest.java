package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.spi.Broker;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snippets of docs/kafka.md, compiled; building connects to nothing. */
class DocSnippetTest {
  @Test
  void builderSnippetBuildsABusOnKafka() {
    Broker kafka =
        KafkaBroker.builder()
            .bootstrapServers("kafka-1:9092,kafka-2:9092")
            .topicPartitions(12)
            .topicReplicationFactor(3)
            .build();
    EventBus bus = EventBus.builder().broker(kafka).build();
    assertThat(bus.broker().name()).isEqualTo("kafka");
    bus.close();
  }

  @Test
  void providerIsFoundByName() {
    EventBus bus =
        EventBus.builder()
            .configure(
                Map.of(
                    "eventbus.broker", "kafka",
                    "eventbus.kafka.bootstrap-servers", "broker:9092"))
            .build();
    assertThat(bus.broker()).isInstanceOf(KafkaBroker.class);
    bus.close();
  }
}
