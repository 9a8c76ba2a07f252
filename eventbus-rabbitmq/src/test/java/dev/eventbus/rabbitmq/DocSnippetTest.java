package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.spi.Broker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The snippet of docs/rabbitmq.md, compiled (building connects to nothing), and its configuration
 * reference, which must be the table the code generates.
 */
class DocSnippetTest {
  @Test
  void uriSnippetBuildsABusAndKeepsThePasswordOutOfToString() {
    Broker rabbit =
        RabbitMqBroker.builder().uri("amqp://app:secret@rabbit.internal:5672/orders").build();
    try (EventBus bus = EventBus.builder().broker(rabbit).build()) {
      assertThat(bus.broker().name()).isEqualTo("rabbitmq");
      assertThat(rabbit.toString()).doesNotContain("secret");
    }
  }

  @Test
  void configurationReferenceInTheDocsIsTheGeneratedTable() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "rabbitmq.md"));

    assertThat(doc).contains(new RabbitMqBrokerProvider().settings().describe().strip());
  }
}
