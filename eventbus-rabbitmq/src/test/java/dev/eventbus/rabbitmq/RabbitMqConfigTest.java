package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.rabbitmq.internal.AmqpMessages;
import dev.eventbus.rabbitmq.internal.Topology;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Configuration, naming and message mapping, without a server. */
class RabbitMqConfigTest {
  @Test
  void providerIsFoundByNameAndReadsFlatConfiguration() {
    BrokerProvider provider =
        ServiceLoader.load(BrokerProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("rabbitmq"))
            .findFirst()
            .orElseThrow();

    Broker broker =
        provider.create(
            Map.of(
                "uri", "amqps://app:s3cr%40t@rabbit.internal/orders",
                "port", "5999",
                "queue-type", "classic",
                "publish-timeout", "5s",
                "recovery-interval", "PT0.5S",
                "ordered-by-key", "true"));

    assertThat(broker.name()).isEqualTo("rabbitmq");
    assertThat(broker.capabilities().orderedByKey()).isTrue();
    assertThat(broker.toString())
        .contains("amqps://app@rabbit.internal:5999/orders")
        .contains("queue-type=CLASSIC", "publish-timeout=5s", "recovery-interval=500ms")
        .doesNotContain("s3cr");
  }

  @Test
  void defaultsAreTheLocalServerWithQuorumQueuesAndCompetingInstances() {
    RabbitMqBroker broker = RabbitMqBroker.builder().build();

    assertThat(broker.toString())
        .contains("amqp://guest@localhost:5672//", "queue-type=QUORUM", "ordered-by-key=false")
        .doesNotContain("password=guest");
    assertThat(broker.capabilities().persistent()).isTrue();
    assertThat(broker.capabilities().nativeDelayedRetry()).isTrue();
    assertThat(broker.capabilities().nativeDeadLetter()).isTrue();
    assertThat(broker.capabilities().replay()).isFalse();
    assertThat(broker.capabilities().orderedByKey()).isFalse();
  }

  @Test
  void invalidValuesNameTheKeyAndWhatIsAllowed() {
    assertThatThrownBy(() -> RabbitMqBroker.builder().confirmWindow(0).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.rabbitmq.confirm-window")
        .hasMessageContaining("1 to 65536");
    assertThatThrownBy(() -> new RabbitMqBrokerProvider().create(Map.of("publish-timeout", "soon")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.rabbitmq.publish-timeout")
        .hasMessageContaining("'soon'");
    assertThatThrownBy(() -> new RabbitMqBrokerProvider().create(Map.of("queue-type", "lazy")))
        .hasMessageContaining("eventbus.rabbitmq.queue-type")
        .hasMessageContaining("[QUORUM, CLASSIC]");
    assertThatThrownBy(() -> new RabbitMqBrokerProvider().create(Map.of("hots", "x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.rabbitmq.hots")
        .hasMessageContaining("did you mean eventbus.rabbitmq.host?");
  }

  @Test
  void theCamelCaseKeysOfEarlierReleasesStillWork() {
    RabbitMqBroker broker =
        (RabbitMqBroker)
            new RabbitMqBrokerProvider()
                .create(
                    Map.of("queueType", "classic", "ackBatchSize", "8", "orderedByKey", "true"));

    assertThat(broker.capabilities().orderedByKey()).isTrue();
    assertThat(broker.toString()).contains("queue-type=CLASSIC");
    assertThatThrownBy(() -> new RabbitMqBrokerProvider().create(Map.of("publishTimeout", "soon")))
        .hasMessageContaining("eventbus.rabbitmq.publishTimeout"); // named as written
  }

  @Test
  void secretsNeverAppearInErrors() {
    assertThatThrownBy(() -> RabbitMqBroker.builder().uri("http://user:hunter2@host/").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.rabbitmq.uri")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RabbitMqBroker.builder().credentials("app", "hunter2").port(0).build())
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () -> new RabbitMqBrokerProvider().create(Map.of("uri", "http://user:hunter2@host/")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("http://user:****@host/") // the URI shown, its password masked
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void configurationReferenceIsGeneratedFromTheTable() {
    assertThat(new RabbitMqBrokerProvider().settings().describe())
        .contains("| `eventbus.rabbitmq.confirm-window` | int | 1024 |")
        .contains("`eventbus.rabbitmq.password` | secret");
  }

  @Test
  void retryDelaysFallIntoFewBucketsNeverFarFromTheDelayAskedFor() {
    assertThat(Topology.delayBucket(Duration.ZERO)).isZero();
    assertThat(Topology.delayBucket(Duration.ofMillis(3))).isEqualTo(3);
    for (long ms = 4; ms < 100_000; ms = ms * 3 / 2 + 1) {
      long bucket = Topology.delayBucket(Duration.ofMillis(ms));
      assertThat(Math.abs(bucket - ms)).as("bucket of %d ms", ms).isLessThanOrEqualTo(ms / 8 + 1);
    }
    assertThat(Topology.delayBucket(Duration.ofMillis(1000)))
        .isEqualTo(Topology.delayBucket(Duration.ofMillis(1010)));
  }

  @Test
  void namesThatRabbitMqCannotHoldAreRejected() {
    assertThatThrownBy(() -> Topology.checkNames("amq.orders", "billing"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'topic' = 'amq.orders'")
        .hasMessageContaining("not starting with 'amq.'");
    assertThatThrownBy(() -> Topology.checkNames("orders", "bill\ning"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'group' = 'bill\ning'")
        .hasMessageContaining("no control characters");
    assertThatThrownBy(() -> Topology.checkNames("t".repeat(200), "g".repeat(50)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("at most 238 bytes")
        .hasMessageContaining("(here 251)");
    // bytes of UTF-8, not characters: 120 two-byte characters make 240 bytes
    assertThatThrownBy(() -> Topology.checkNames("é".repeat(120), null))
        .isInstanceOf(ConfigurationException.class);
    Topology.checkNames("é".repeat(119), null);
    Topology.checkNames("orders", "billing");
    Topology.checkNames("orders eu", "billing team");
  }

  @Test
  void messagesMapToTheCloudEventsAmqpBindingAndBack() {
    BrokerMessage m =
        BrokerMessage.of(
            "k-1",
            Map.of("id", "e-1", "type", "T", "datacontenttype", "application/json"),
            Map.of("eventbus-attempt", "2"),
            "{}".getBytes(StandardCharsets.UTF_8));

    var props = AmqpMessages.properties(m, ContentMode.BINARY);
    BrokerMessage back = AmqpMessages.fromAmqp(props, m.body());

    assertThat(props.getHeaders())
        .containsEntry("cloudEvents:id", "e-1")
        .containsEntry("eventbus-attempt", "2")
        .containsKey(AmqpMessages.KEY_HEADER);
    assertThat(props.getContentType()).isEqualTo("application/json");
    assertThat(back.key()).isEqualTo("k-1");
    assertThat(back.attributes()).isEqualTo(m.attributes());
    assertThat(back.headers()).isEqualTo(m.headers());
  }
}
