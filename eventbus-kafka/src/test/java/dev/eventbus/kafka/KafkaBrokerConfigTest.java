package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.internal.ClientProperties;
import dev.eventbus.kafka.internal.KafkaSettings;
import dev.eventbus.spi.BrokerProvider;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Configuration: validation at build time, the provider table, secrets never shown. */
class KafkaBrokerConfigTest {
  private static KafkaBroker.Builder valid() {
    return KafkaBroker.builder().bootstrapServers("localhost:9092");
  }

  @Test
  void missingOrMalformedBootstrapServersAreRejectedNamingTheKey() {
    assertThatThrownBy(() -> KafkaBroker.builder().build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.key()).isEqualTo("eventbus.kafka.bootstrap-servers");
              assertThat(e).hasMessageContaining("is required").hasMessageNotContaining("'null'");
            });
    assertThatThrownBy(() -> KafkaBroker.builder().bootstrapServers("localhost").build())
        .hasMessageContaining("host:port");
  }

  @Test
  void invalidValuesNameKeyValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> valid().compression("brotli").build())
        .hasMessageContaining("'eventbus.kafka.producer.compression'")
        .hasMessageContaining("brotli")
        .hasMessageContaining("zstd");
    assertThatThrownBy(() -> valid().topicPartitions(0).build())
        .hasMessageContaining("topic.partitions");
    assertThatThrownBy(() -> valid().linger(Duration.ofMinutes(5)).build())
        .hasMessageContaining("producer.linger");
    assertThatThrownBy(() -> valid().clientProperty("acks", "1").build())
        .hasMessageContaining("client.acks")
        .hasMessageContaining("acks=all");
    assertThatThrownBy(() -> valid().securityProtocol("SASL_SSL").saslMechanism("PLAIN").build())
        .hasMessageContaining("sasl.username");
    assertThatThrownBy(() -> valid().saslMechanism("PLAIN").build())
        .hasMessageContaining("sasl.mechanism");
  }

  @Test
  void secretsNeverAppearInToStringOrErrors() {
    KafkaBroker broker =
        valid()
            .securityProtocol("SASL_SSL")
            .saslMechanism("SCRAM-SHA-512")
            .saslUsername("billing")
            .saslPassword("s3cret-pw")
            .truststoreLocation("/etc/kafka/trust.p12")
            .truststorePassword("trust-pw")
            .clientProperty("ssl.keystore.key", "PRIVATE-KEY")
            .build();

    assertThat(broker.toString())
        .contains("billing", "SCRAM-SHA-512", "/etc/kafka/trust.p12", "<redacted>")
        .doesNotContain("s3cret-pw", "trust-pw", "PRIVATE-KEY");
  }

  @Test
  void saslCredentialsBecomeAJaasConfigWithQuotesEscaped() {
    KafkaSettings settings =
        settingsOf(
            valid()
                .securityProtocol("SASL_PLAINTEXT")
                .saslMechanism("PLAIN")
                .saslUsername("u")
                .saslPassword("p\"w"));
    Map<String, Object> producer = ClientProperties.producer(settings);

    assertThat(producer.get("sasl.jaas.config").toString())
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
        .contains("username=\"u\"", "password=\"p\\\"w\"");
    assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    assertThat(ClientProperties.groupConsumer(settings, "g", "c", 10))
        .containsEntry("enable.auto.commit", false)
        .containsEntry("group.id", "g")
        .containsEntry("max.poll.records", 10);
  }

  private static KafkaSettings settingsOf(KafkaBroker.Builder builder) {
    return builder.build().settings();
  }

  @Test
  void providerIsFoundByNameAndBuildsFromTheTable() {
    BrokerProvider provider =
        ServiceLoader.load(BrokerProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("kafka"))
            .findFirst()
            .orElseThrow();

    KafkaBroker broker =
        (KafkaBroker)
            provider.create(
                Map.of(
                    "bootstrap-servers", "k1:9092,k2:9092",
                    "producer.linger", "20ms",
                    "consumer.session-timeout", "PT10S",
                    "client.receive.buffer.bytes", "65536",
                    "group.billing.start-time", "2025-01-31T00:00:00Z",
                    "sasl.password", "never-shown"));
    assertThat(broker.name()).isEqualTo("kafka");
    assertThat(broker.toString())
        .contains("k1:9092,k2:9092", "linger=PT0.02S", "sessionTimeout=PT10S")
        .contains("receive.buffer.bytes=65536", "billing=2025-01-31T00:00:00Z");

    assertThatThrownBy(() -> provider.create(Map.of("bootstrap-servers", "k:1", "lingr", "5ms")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.kafka.lingr");
    assertThatThrownBy(
            () -> provider.create(Map.of("bootstrap-servers", "k:1", "producer.linger", "soon")))
        .hasMessageContaining("producer.linger")
        .hasMessageContaining("500ms");
  }

  @Test
  void everyKeyIsInTheGeneratedTable() {
    String table = KafkaBrokerConfig.markdownTable();
    for (KafkaBrokerConfig c : KafkaBrokerConfig.values()) {
      assertThat(table).contains("`" + c.key() + "`");
    }
    assertThat(KafkaBrokerConfig.forKey("client.linger.ms"))
        .contains(KafkaBrokerConfig.CLIENT_PROPERTY);
    assertThat(KafkaBrokerConfig.forKey("group.g.start-time"))
        .contains(KafkaBrokerConfig.GROUP_START_TIME);
    assertThat(KafkaBrokerConfig.SASL_PASSWORD.secret()).isTrue();
  }

  @Test
  void configurationReferenceInTheDocsIsTheGeneratedTable() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "kafka.md"));

    assertThat(doc).contains(KafkaBrokerConfig.markdownTable().strip());
  }

  @Test
  void anUnknownKeyShowsItsValueAndTheNearestKnownKey() {
    assertThatThrownBy(
            () ->
                KafkaBrokerConfig.toBroker(
                    Map.of("bootstrap-servers", "k:9092", "producer.lingr", "5ms")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'eventbus.kafka.producer.lingr' = '5ms'")
        .hasMessageContaining("did you mean eventbus.kafka.producer.linger?");
  }
}
