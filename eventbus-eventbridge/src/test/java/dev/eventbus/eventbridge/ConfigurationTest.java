package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.internal.ConfigTable;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
  private static BrokerProvider provider() {
    return ServiceLoader.load(BrokerProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("eventbridge"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theProviderIsFoundByNameAndBuildsFromFlatKeys() {
    Broker broker =
        provider()
            .create(
                Map.of(
                    "region", "eu-west-1",
                    "endpoint", "http://localhost:4566",
                    "queueType", "fifo",
                    "visibilityTimeout", "45s",
                    "maxRequestBytes", "100000"));

    assertThat(broker).isInstanceOf(EventBridgeBroker.class);
    assertThat(broker.name()).isEqualTo("eventbridge");
    assertThat(broker.capabilities().maxMessageBytes()).isEqualTo(100_000);
    assertThat(broker.capabilities().orderedByKey()).isFalse();
    assertThat(broker.capabilities().persistent()).isTrue();
    assertThat(broker.capabilities().nativeDelayedRetry()).isTrue();
    assertThat(broker.capabilities().replay()).isFalse();
    assertThat(broker.capabilities().nativeDeadLetter()).isTrue();
    broker.close();
  }

  @Test
  void anUnknownKeyIsRejectedNamingTheKnownOnes() {
    assertThatThrownBy(() -> provider().create(Map.of("regoin", "eu-west-1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.eventbridge.regoin")
        .hasMessageContaining("visibilityTimeout");
  }

  @Test
  void invalidValuesNameKeyValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> provider().create(Map.of("pollWait", "30s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.eventbridge.pollWait")
        .hasMessageContaining("PT30S")
        .hasMessageContaining("PT20S");
    assertThatThrownBy(() -> EventBridgeBroker.builder().maxRequestBytes(300_000).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxRequestBytes")
        .hasMessageContaining("262144");
    assertThatThrownBy(() -> EventBridgeBroker.builder().queuePrefix("bad.prefix").build())
        .hasMessageContaining("queuePrefix");
    assertThatThrownBy(
            () -> EventBridgeBroker.builder().visibilityTimeout(Duration.ofHours(13)).build())
        .hasMessageContaining("visibilityTimeout");
  }

  @Test
  void secretsNeverAppearInErrorsOrToString() {
    assertThatThrownBy(() -> provider().create(Map.of("secretAccessKey", "s3cr3t-value")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("accessKeyId")
        .hasMessageNotContaining("s3cr3t-value");
    Broker broker =
        provider()
            .create(
                Map.of(
                    "region", "eu-west-1",
                    "accessKeyId", "AKIDEXAMPLE",
                    "secretAccessKey", "s3cr3t-value"));
    assertThat(broker.toString()).doesNotContain("s3cr3t-value").doesNotContain("AKIDEXAMPLE");
  }

  @Test
  void theReferenceTableListsEveryKey() {
    String table = ConfigTable.describe();

    for (var key : ConfigTable.keys()) {
      assertThat(table).contains("`eventbus.eventbridge." + key.name() + "`");
    }
  }
}
