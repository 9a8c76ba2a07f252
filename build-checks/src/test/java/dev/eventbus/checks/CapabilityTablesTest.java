package dev.eventbus.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.BrokerCapabilities;
import dev.eventbus.EventBus;
import dev.eventbus.eventbridge.EventBridgeBroker;
import dev.eventbus.kafka.KafkaBroker;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.rabbitmq.RabbitMqBroker;
import dev.eventbus.spi.Broker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * The capability table of docs/guarantees.md, and the row of each broker on its page, are what each
 * broker declares with its defaults, as a bus reports them ({@link EventBus#capabilities()}).
 */
class CapabilityTablesTest {
  static final String HEADER =
      "| broker | ordered by key | persistent | retry delay survives a restart | replay"
          + " | dead letters kept by the broker | largest event | events by reference |\n"
          + "| --- | --- | --- | --- | --- | --- | ---: | --- |\n";

  @Test
  void theDocumentedCapabilitiesAreTheDeclaredOnes() throws Exception {
    List<BrokerCapabilities> all =
        List.of(
            of(InMemoryBroker.create()),
            of(KafkaBroker.builder().bootstrapServers("localhost:9092").build()),
            of(RabbitMqBroker.builder().build()),
            of(EventBridgeBroker.builder().region(Region.EU_WEST_1).build()));
    String table =
        HEADER + all.stream().map(CapabilityTablesTest::row).collect(Collectors.joining());

    assertThat(doc("guarantees.md")).contains(table);
    for (BrokerCapabilities c : all.subList(1, all.size())) {
      assertThat(doc(c.broker() + ".md")).as(c.broker()).contains(HEADER + row(c));
    }
  }

  private static BrokerCapabilities of(Broker broker) {
    try (EventBus bus = EventBus.builder().broker(broker).build()) {
      return bus.capabilities();
    }
  }

  static String row(BrokerCapabilities c) {
    return String.format(
        Locale.ROOT,
        "| `%s` | %s | %s | %s | %s | %s | %,d B | %s |%n",
        c.broker(),
        yes(c.orderedByKey()),
        yes(c.persistent()),
        yes(c.nativeDelayedRetry()),
        yes(c.replay()),
        yes(c.nativeDeadLetter()),
        c.maxMessageBytes(),
        yes(c.eventsByReference()));
  }

  private static String yes(boolean b) {
    return b ? "yes" : "no";
  }

  private static String doc(String page) throws Exception {
    return Files.readString(Path.of("..", "docs", page));
  }
}
