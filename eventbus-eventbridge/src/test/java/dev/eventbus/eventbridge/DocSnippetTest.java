package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** The snippets of docs/eventbridge.md, compiled; building connects to nothing. */
class DocSnippetTest {
  record OrderPlaced(String orderId) {}

  @Test
  void builderSnippetBuildsABusOnEventBridge() {
    EventBus bus =
        EventBus.builder()
            .broker(
                EventBridgeBroker.builder()
                    .region(Region.EU_WEST_1)
                    .eventBusName("shop") // topics become sources on this bus
                    .provision(true) // create bus, rules, queues and policies on first use
                    .build())
            .registerType(OrderPlaced.class)
            .build();
    assertThat(bus.broker().name()).isEqualTo("eventbridge");
    bus.close();
  }

  @Test
  void configurationSnippetSelectsTheProvider() {
    EventBus bus =
        EventBus.builder()
            .configure(
                Map.of(
                    "eventbus.broker", "eventbridge",
                    "eventbus.eventbridge.region", "eu-west-1",
                    "eventbus.eventbridge.event-bus-name", "shop",
                    "eventbus.eventbridge.provision", "true"))
            .build();
    assertThat(bus.broker()).isInstanceOf(EventBridgeBroker.class);
    bus.close();
  }

  @Test
  void configurationReferenceInTheDocsIsTheGeneratedTable() throws Exception {
    String doc =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "eventbridge.md"));

    assertThat(doc).contains(new EventBridgeBrokerProvider().settings().describe().strip());
  }
}
