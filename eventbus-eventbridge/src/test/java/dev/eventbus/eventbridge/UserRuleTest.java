package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A rule that an AWS user writes by hand against what docs/eventbridge.md says an event of eventbus
 * looks like (its {@code source}, {@code detail-type}, {@code detail.eventbus.*} and {@code
 * detail.data.*}) matches the events eventbus publishes, and its target receives every attribute
 * where the page says it is.
 */
class UserRuleTest extends EventBridgeTestSupport {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aRuleOnSourceDetailTypeAndPayloadFieldsMatchesAndItsQueueGetsEveryAttribute()
      throws Exception {
    Assumptions.assumeTrue(
        env.local().isPresent(), "a rule's queue needs a queue policy on AWS itself");
    String topic = topic("orders");
    String matching = userQueue("matching");
    String other = userQueue("other");
    try (EventBridgeClient events = eventBridgeClient()) {
      rule(events, "matches-" + topic, matching, pattern(topic, "shop.OrderPlaced", "o-1"));
      rule(events, "other-type-" + topic, other, pattern(topic, "shop.OrderCancelled", "o-1"));
    }
    EventBus bus =
        startBus(env.broker().build(), b -> b.registerType("shop.OrderPlaced", 1, Order.class));
    Event<Order> event =
        Event.builder(new Order("o-1", 42))
            .randomId()
            .source("urn:service:checkout")
            .type("shop.OrderPlaced")
            .subject("order/o-1")
            .partitionKey("customer-7")
            .correlationId("c-1")
            .header("tenant", "acme")
            .build();

    bus.publish(topic, event).get();

    JsonNode delivered = json.readTree(receiveOne(matching).body());
    assertThat(delivered.path("source").asText()).isEqualTo(topic);
    assertThat(delivered.path("detail-type").asText()).isEqualTo("shop.OrderPlaced");
    JsonNode attributes = delivered.path("detail").path("eventbus");
    assertThat(attributes.path("id").asText()).isEqualTo(event.id());
    assertThat(attributes.path("source").asText()).isEqualTo("urn:service:checkout");
    assertThat(attributes.path("type").asText()).isEqualTo("shop.OrderPlaced");
    assertThat(attributes.path("specversion").asText()).isEqualTo("1.0");
    assertThat(attributes.path("subject").asText()).isEqualTo("order/o-1");
    assertThat(attributes.path("partitionkey").asText()).isEqualTo("customer-7");
    assertThat(attributes.path("correlationid").asText()).isEqualTo("c-1");
    assertThat(attributes.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(attributes.path("eventversion").asText()).isEqualTo("1");
    assertThat(attributes.path("time").asText()).isNotEmpty();
    assertThat(attributes.path("headers").path("tenant").asText()).isEqualTo("acme");
    assertThat(delivered.path("detail").path("data"))
        .isEqualTo(json.readTree("{\"id\":\"o-1\",\"amount\":42}"));
    assertThat(env.sqs().receiveMessage(b -> b.queueUrl(other).waitTimeSeconds(1)).messages())
        .as("the rule on another detail-type matched nothing")
        .isEmpty();
  }

  private static Map<String, Object> pattern(String source, String detailType, String orderId) {
    return Map.of(
        "source", List.of(source),
        "detail-type", List.of(detailType),
        "detail",
            Map.of(
                "eventbus", Map.of("partitionkey", List.of("customer-7")),
                "data", Map.of("id", List.of(orderId))));
  }

  private String userQueue(String name) {
    String url =
        env.sqs()
            .createQueue(b -> b.queueName(env.prefix() + "user-" + name + "-" + topic("q")))
            .queueUrl();
    return url;
  }

  private void rule(EventBridgeClient events, String name, String queueUrl, Object pattern)
      throws Exception {
    String arn =
        env.sqs()
            .getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String text = json.writeValueAsString(pattern);
    events.putRule(b -> b.name(name).eventBusName("default").eventPattern(text));
    events.putTargets(
        b -> b.rule(name).eventBusName("default").targets(t -> t.id("user-queue").arn(arn)));
  }

  private Message receiveOne(String queueUrl) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> messages =
          env.sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
      if (!messages.isEmpty()) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
      }
    }
    throw new AssertionError("the user's rule delivered nothing to " + queueUrl);
  }
}
