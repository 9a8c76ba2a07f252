package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.internal.Settings;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

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
                    "queue-type", "fifo",
                    "visibility-timeout", "45s",
                    "max-request-bytes", "100000"));

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
        .hasMessageContaining("did you mean eventbus.eventbridge.region?")
        .hasMessageContaining("visibility-timeout");
  }

  @Test
  void theCamelCaseKeysOfEarlierReleasesStillWork() {
    Broker broker =
        provider()
            .create(Map.of("region", "eu-west-1", "maxRequestBytes", "100000", "pollWait", "5s"));

    assertThat(broker.capabilities().maxMessageBytes()).isEqualTo(100_000);
    broker.close();
  }

  @Test
  void invalidValuesNameKeyValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> provider().create(Map.of("poll-wait", "30s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.eventbridge.poll-wait")
        .hasMessageContaining("= '30s'") // as written, not PT30S
        .hasMessageContaining("to 20s");
    assertThatThrownBy(() -> EventBridgeBroker.builder().maxRequestBytes(300_000).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max-request-bytes")
        .hasMessageContaining("262144");
    assertThatThrownBy(() -> EventBridgeBroker.builder().queuePrefix("bad.prefix").build())
        .hasMessageContaining("queue-prefix");
    assertThatThrownBy(
            () -> EventBridgeBroker.builder().visibilityTimeout(Duration.ofHours(13)).build())
        .hasMessageContaining("visibility-timeout");
  }

  @Test
  void rulesThatSpanKeysNameTheKeyAndTheOtherOne() {
    assertThatThrownBy(
            () ->
                provider().create(Map.of("publish-backoff", "2s", "publish-backoff-max", "500ms")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.eventbridge.publish-backoff-max")
        .hasMessageContaining("'500ms'")
        .hasMessageContaining("no shorter than eventbus.eventbridge.publish-backoff (2s)");
    assertThatThrownBy(() -> provider().create(Map.of("access-key-id", "AKIDEXAMPLE")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.eventbridge.secret-access-key")
        .hasMessageContaining("with access-key-id")
        .hasMessageNotContaining("AKIDEXAMPLE");
    EventBridgeBroker.Builder both =
        EventBridgeBroker.builder().credentials(AnonymousCredentialsProvider.create());
    Settings.TABLE.apply(
        Map.of("access-key-id", "AKIDEXAMPLE", "secret-access-key", "s3cr3t-value"), both.values());
    assertThatThrownBy(both::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.eventbridge.access-key-id")
        .hasMessageContaining("not both")
        .hasMessageNotContaining("AKIDEXAMPLE");
  }

  @Test
  void secretsNeverAppearInErrorsOrToString() {
    assertThatThrownBy(() -> provider().create(Map.of("secret-access-key", "s3cr3t-value")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("access-key-id")
        .hasMessageNotContaining("s3cr3t-value");
    Broker broker =
        provider()
            .create(
                Map.of(
                    "region", "eu-west-1",
                    "access-key-id", "AKIDEXAMPLE",
                    "secret-access-key", "s3cr3t-value"));
    assertThat(broker.toString()).doesNotContain("s3cr3t-value").doesNotContain("AKIDEXAMPLE");
  }

  @Test
  void theReferenceTableListsEveryKey() {
    String table = Settings.TABLE.describe();

    for (var key : Settings.TABLE.settings()) {
      assertThat(table).contains("`eventbus.eventbridge." + key.name() + "`");
    }
  }
}
