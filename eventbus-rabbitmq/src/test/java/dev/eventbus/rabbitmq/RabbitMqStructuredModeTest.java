package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.StructuredCloudEvents;
import dev.eventbus.testkit.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Messages that another CloudEvents producer publishes in structured mode (the event as one JSON
 * document, content type {@code application/cloudevents+json}) reach the core with their
 * attributes, on the real server.
 */
class RabbitMqStructuredModeTest extends BrokerTestSupport {
  private void publish(
      String routingKey, String contentType, Map<String, Object> headers, String body)
      throws Exception {
    try (Connection raw = rabbit.rawConnection()) {
      Channel ch = raw.createChannel();
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder().contentType(contentType).headers(headers).build();
      ch.basicPublish(topic, routingKey, props, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aStructuredMessageReachesTheCoreWithItsAttributesKeyAndPayload() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);

    publish(
        "customer-7",
        StructuredCloudEvents.CONTENT_TYPE,
        Map.of("origin", "other-sdk"),
        "{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"/elsewhere\","
            + "\"type\":\"com.example.OrderPlaced\",\"datacontenttype\":\"application/json\","
            + "\"partitionkey\":\"customer-7\",\"data\":{\"orderId\":\"o-1\"}}");

    Delivery d = listener.next(TIMEOUT);
    assertThat(d.message().id()).isEqualTo("s-1");
    assertThat(d.message().attributes())
        .containsEntry("type", "com.example.OrderPlaced")
        .containsEntry("source", "/elsewhere")
        .containsEntry("datacontenttype", "application/json");
    assertThat(d.message().key()).isEqualTo("customer-7");
    assertThat(d.message().headers()).containsEntry("origin", "other-sdk");
    assertThat(body(d.message())).isEqualTo("{\"orderId\":\"o-1\"}");
    d.ack();
  }

  @Test
  void aBodyThatIsNotTheFormatItsContentTypeNamesArrivesWithoutAttributes() throws Exception {
    Broker broker = broker();
    RecordingListener listener = new RecordingListener();
    subscribe(broker, 10, listener);

    publish("k", "application/cloudevents+json", Map.of("origin", "broken"), "{\"id\":");

    Delivery d = listener.next(TIMEOUT);
    assertThat(d.message().attributes()).isEmpty();
    assertThat(d.message().headers()).containsEntry("origin", "broken");
    assertThat(body(d.message())).isEqualTo("{\"id\":");
    d.ack();
  }
}
