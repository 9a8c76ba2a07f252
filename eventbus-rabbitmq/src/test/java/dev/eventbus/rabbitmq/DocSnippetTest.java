package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.spi.Broker;
import org.junit.jupiter.api.Test;

/** The snippet of docs/rabbitmq.md, compiled; building connects to nothing. */
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
}
