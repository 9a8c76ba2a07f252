package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventbus.ConfigurationException;
import dev.eventbus.kafka.internal.KafkaConfigTable;
import dev.eventbus.kafka.internal.KafkaSettings;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Nested;
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
  void tlsKeysReachEveryClientUnderKafkaClientsOwnNames() {
    KafkaSettings settings =
        settingsOf(
            valid()
                .securityProtocol("SSL")
                .truststoreLocation("/etc/kafka/trust.p12")
                .truststorePassword("trust-pw")
                .truststoreType("PKCS12")
                .keystoreLocation("/etc/kafka/key.p12")
                .keystorePassword("key-pw")
                .keystoreType("PKCS12")
                .keyPassword("pk-pw")
                .endpointIdentification(false));

    assertThat(settings.adminConfig())
        .containsEntry(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "/etc/kafka/trust.p12")
        .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, "trust-pw")
        .containsEntry(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12")
        .containsEntry(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, "/etc/kafka/key.p12")
        .containsEntry(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, "key-pw")
        .containsEntry(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12")
        .containsEntry(SslConfigs.SSL_KEY_PASSWORD_CONFIG, "pk-pw")
        .containsEntry(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "")
        .containsEntry("security.protocol", "SSL");
    assertThat(settingsOf(valid()).producerConfig(Duration.ofSeconds(30)))
        .doesNotContainKeys(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
  }

  @Test
  void aStoreTypeKafkaClientsCannotReadFailsTheBuildListingTheTypesItCan() {
    for (String key : new String[] {"ssl.truststore.type", "ssl.keystore.type"}) {
      assertThatThrownBy(
              () ->
                  new KafkaBrokerProvider()
                      .create(
                          Map.of(
                              "bootstrap-servers",
                              "k:9092",
                              "security.protocol",
                              "SSL",
                              key,
                              "XYZ")))
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e -> assertThat(e.key()).isEqualTo("eventbus.kafka." + key))
          .hasMessageContaining("'eventbus.kafka." + key + "' = 'XYZ'")
          .hasMessageContaining("JKS, PKCS12 or PEM");
    }
    assertThat(settingsOf(valid().securityProtocol("SSL").truststoreType("pem")).adminConfig())
        .containsEntry(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
  }

  @Test
  void aSaslOrTlsKeyThatDoesNotApplyIsNamedAndASecretStaysHidden() {
    assertThatThrownBy(() -> valid().saslUsername("billing").build())
        .hasMessageContaining("'eventbus.kafka.sasl.username' = 'billing'")
        .hasMessageContaining("unless security.protocol is SASL_PLAINTEXT or SASL_SSL");
    assertThatThrownBy(
            () ->
                valid()
                    .securityProtocol("SASL_SSL")
                    .clientProperty(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required;")
                    .saslPassword("hunter2")
                    .build())
        .hasMessageContaining("'eventbus.kafka.sasl.password' = '<redacted>'")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> valid().truststoreLocation("/etc/kafka/trust.p12").build())
        .hasMessageContaining("'eventbus.kafka.ssl.truststore.location' = '/etc/kafka/trust.p12'");
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
    Map<String, Object> producer = settings.producerConfig(Duration.ofSeconds(30));

    assertThat(producer.get("sasl.jaas.config").toString())
        .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required")
        .contains("username=\"u\"", "password=\"p\\\"w\"");
    assertThat(producer).containsEntry("acks", "all").containsEntry("enable.idempotence", true);
    assertThat(settings.groupConsumerConfig("g", 1, 10))
        .containsEntry("enable.auto.commit", false)
        .containsEntry("group.id", "g")
        .containsEntry("client.id", "eventbus-g-1")
        .containsEntry("max.poll.records", 10);
  }

  @Test
  void saslCredentialsMustNotBeBlankAndTheErrorNamesTheKey() {
    KafkaBroker.Builder sasl =
        valid().securityProtocol("SASL_SSL").saslMechanism("SCRAM-SHA-512").saslUsername("u");
    assertThatThrownBy(() -> sasl.saslPassword(" ").build())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.key()).isEqualTo("eventbus.kafka.sasl.password"))
        .hasMessageContaining("a password");
    assertThatThrownBy(() -> sasl.saslUsername(" ").saslPassword("pw").build())
        .hasMessageContaining("'eventbus.kafka.sasl.username'")
        .hasMessageContaining("a user name");
  }

  @Test
  void theProducerWaitsForKafkaAsLongAsTheBusPublishTimeoutUnlessTheKeyIsSet() {
    assertThat(settingsOf(valid()).producerConfig(Duration.ofSeconds(7)))
        .containsEntry("delivery.timeout.ms", 7_000)
        .containsEntry("max.block.ms", 7_000)
        .containsEntry("request.timeout.ms", 7_000 - 5);
    assertThat(
            settingsOf(valid().deliveryTimeout(Duration.ofMinutes(3)))
                .producerConfig(Duration.ofSeconds(7)))
        .containsEntry("delivery.timeout.ms", 180_000)
        .containsEntry("max.block.ms", 180_000);
    assertThat(settingsOf(valid()).producerConfig(Duration.ZERO))
        .containsEntry("delivery.timeout.ms", 6); // more than the 5 ms linger, as Kafka requires
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
        .contains("k1:9092,k2:9092", "producer.linger=20ms", "consumer.session-timeout=10s")
        .contains("receive.buffer.bytes=65536", "group.billing.start-time=2025-01-31T00:00:00Z");

    assertThatThrownBy(() -> provider.create(Map.of("bootstrap-servers", "k:1", "lingr", "5ms")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.kafka.lingr");
    assertThatThrownBy(
            () -> provider.create(Map.of("bootstrap-servers", "k:1", "producer.linger", "soon")))
        .hasMessageContaining("producer.linger")
        .hasMessageContaining("500ms");
  }

  @Test
  void everyKeyIsInTheGeneratedTableAndPatternsMatchConcreteKeys() {
    SettingTable table = new KafkaBrokerProvider().settings();
    String described = table.describe();
    for (Setting<?> row : table.settings()) {
      assertThat(described).contains("`eventbus.kafka." + row.name() + "`");
    }
    assertThat(table.prefix()).isEqualTo("eventbus.kafka.");
    assertThat(table.knows("client.linger.ms")).isTrue();
    assertThat(table.knows("group.g.start-time")).isTrue();
    assertThat(table.knows("producer.lingr")).isFalse();
    assertThat(KafkaConfigTable.SASL_PASSWORD.secret()).isTrue();
  }

  @Test
  @SuppressWarnings("removal") // the deprecated view must still list every row, in order
  void theDeprecatedKeyEnumIsOneConstantPerRowInTheTablesOrder() {
    assertThat(Arrays.stream(KafkaBrokerConfig.values()).map(KafkaBrokerConfig::key))
        .containsExactlyElementsOf(
            KafkaConfigTable.TABLE.settings().stream().map(Setting::name).toList());
    assertThat(KafkaBrokerConfig.forKey("client.linger.ms"))
        .contains(KafkaBrokerConfig.CLIENT_PROPERTY);
    assertThat(KafkaBrokerConfig.markdownTable())
        .isEqualTo(new KafkaBrokerProvider().settings().describe());
  }

  @Test
  void configurationReferenceInTheDocsIsTheGeneratedTable() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "kafka.md"));

    assertThat(doc).contains(new KafkaBrokerProvider().settings().describe().strip());
  }

  @Test
  void anUnknownKeyShowsItsValueAndTheNearestKnownKey() {
    assertThatThrownBy(
            () ->
                new KafkaBrokerProvider()
                    .create(Map.of("bootstrap-servers", "k:9092", "producer.lingr", "5ms")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'eventbus.kafka.producer.lingr' = '5ms'")
        .hasMessageContaining("did you mean eventbus.kafka.producer.linger?");
  }

  @Test
  void aMisspeltSecretKeyKeepsItsValueOutOfTheError() {
    assertThatThrownBy(
            () ->
                new KafkaBrokerProvider()
                    .create(Map.of("bootstrap-servers", "k:9092", "sasl.pasword", "hunter2")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'eventbus.kafka.sasl.pasword'")
        .hasMessageContaining("did you mean eventbus.kafka.sasl.password?")
        .hasMessageNotContaining("hunter2");
  }

  /** {@code client.<property>}: checked against kafka-clients' own definitions at build. */
  @Nested
  class PassThroughClientProperties {
    private ConfigurationException rejected(Map<String, String> config) {
      Map<String, String> withBootstrap = new HashMap<>(config);
      withBootstrap.put("bootstrap-servers", "k:9092");
      Throwable thrown = catchThrowable(() -> new KafkaBrokerProvider().create(withBootstrap));
      assertThat(thrown).isInstanceOf(ConfigurationException.class);
      return (ConfigurationException) thrown;
    }

    @Test
    void anUnknownNameIsNamedAsWrittenWithItsValueAndTheNearestKnownName() {
      ConfigurationException fromMap = rejected(Map.of("client.max.pol.records", "500"));

      assertThat(fromMap.key()).isEqualTo("eventbus.kafka.client.max.pol.records");
      assertThat(fromMap)
          .hasMessageContaining("'eventbus.kafka.client.max.pol.records' = '500'")
          .hasMessageContaining("did you mean eventbus.kafka.client.max.poll.records?");
      assertThatThrownBy(() -> valid().clientProperty("max.pol.records", "500").build())
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e -> assertThat(e.key()).isEqualTo("eventbus.kafka.client.max.pol.records"))
          .hasMessageContaining("did you mean eventbus.kafka.client.max.poll.records?");
      assertThat(rejected(Map.of("client.no.such.setting", "1")))
          .hasMessageContaining("'eventbus.kafka.client.no.such.setting' = '1'")
          .hasMessageContaining("producer, consumer or admin client")
          .hasMessageNotContaining("did you mean");
    }

    @Test
    void aValueOfTheWrongTypeFailsTheBuildSayingWhatTheTypeAllows() {
      ConfigurationException notAnInt = rejected(Map.of("client.max.poll.records", "abc"));

      assertThat(notAnInt.key()).isEqualTo("eventbus.kafka.client.max.poll.records");
      assertThat(notAnInt)
          .hasMessageContaining("= 'abc'")
          .hasMessageContaining("a 32-bit integer")
          .hasCauseInstanceOf(ConfigException.class);
      assertThat(rejected(Map.of("client.linger.ms", "-x")))
          .hasMessageContaining("'eventbus.kafka.client.linger.ms' = '-x'")
          .hasMessageContaining("a 64-bit integer");
      assertThatThrownBy(() -> valid().clientProperty("check.crcs", "maybe").build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'eventbus.kafka.client.check.crcs' = 'maybe'")
          .hasMessageContaining("true or false");
      assertThat(rejected(Map.of("client.partitioner.class", "com.example.NoSuchPartitioner")))
          .hasMessageContaining("com.example.NoSuchPartitioner")
          .hasMessageContaining("a class on the class path");
    }

    @Test
    void aValueThePropertysValidatorRejectsFailsTheBuildListingWhatItAllows() {
      assertThat(rejected(Map.of("client.compression.type", "zip")))
          .hasMessageContaining("'eventbus.kafka.client.compression.type' = 'zip'")
          .hasMessageContaining("[none, gzip, snappy, lz4, zstd]");
      assertThat(rejected(Map.of("client.max.poll.records", "0")))
          .hasMessageContaining("= '0'")
          .hasMessageContaining("[1,...]");
      assertThat(rejected(Map.of("client.isolation.level", "dirty")))
          .hasMessageContaining("[read_committed, read_uncommitted]");
    }

    @Test
    void aPropertyTheGuaranteesRestOnIsRejectedWhateverItsValue() {
      assertThat(rejected(Map.of("client.auto.offset.reset", "latest")))
          .hasMessageContaining("'eventbus.kafka.client.auto.offset.reset' = 'latest'")
          .hasMessageContaining("use the group's start position");
      assertThat(rejected(Map.of("client.enable.idempotence", "maybe")))
          .hasMessageContaining("always idempotent");
    }

    @Test
    void aMissingValueNamesTheProperty() {
      assertThatThrownBy(() -> valid().clientProperty("linger.ms", null).build())
          .isInstanceOfSatisfying(
              ConfigurationException.class,
              e -> assertThat(e.key()).isEqualTo("eventbus.kafka.client.linger.ms"))
          .hasMessageContaining("is required");
    }

    @Test
    void validPropertiesReachTheClientsAsWritten() {
      KafkaBroker broker =
          new KafkaBrokerProvider()
              .create(
                  Map.of(
                      "bootstrap-servers", "k:9092",
                      "client.linger.ms", "20",
                      "client.check.crcs", "FALSE",
                      "client.group.protocol", "consumer",
                      "client.compression.type", "zstd",
                      "client.fetch.max.wait.ms", "100"));

      assertThat(broker.settings().producerConfig(Duration.ofSeconds(30)))
          .containsEntry("linger.ms", "20")
          .containsEntry("compression.type", "zstd");
      assertThat(broker.settings().groupConsumerConfig("g", 1, 10))
          .containsEntry("check.crcs", "FALSE")
          .containsEntry("group.protocol", "consumer")
          .containsEntry("fetch.max.wait.ms", "100");
      assertThat(broker.toString()).contains("linger.ms=20", "fetch.max.wait.ms=100");
    }

    @Test
    void passwordTypedValuesAreRedactedInToStringAndErrors() {
      KafkaBroker broker =
          valid()
              .securityProtocol("SASL_SSL")
              .clientProperty("sasl.mechanism", "OAUTHBEARER")
              .clientProperty(
                  "sasl.jaas.config",
                  "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                      + " clientSecret=\"jaas-pw\";")
              .clientProperty("sasl.oauthbearer.client.credentials.client.secret", "oauth-pw")
              .clientProperty("sasl.oauthbearer.assertion.private.key.passphrase", "pem-pw")
              .clientProperty("ssl.truststore.certificates", "-----BEGIN CERTIFICATE-----")
              .clientProperty("sasl.oauthbearer.client.credentials.client.id", "billing-app")
              .build();

      assertThat(broker.toString())
          .contains("sasl.jaas.config=<redacted>", "ssl.truststore.certificates=<redacted>")
          .doesNotContain("jaas-pw", "oauth-pw", "pem-pw", "BEGIN CERTIFICATE")
          // kafka-clients types a client id as a string: it is shown, though its name says
          // "credentials"
          .contains("sasl.oauthbearer.client.credentials.client.id=billing-app");

      ConfigurationException misspelt =
          rejected(Map.of("client.ssl.truststore.pasword", "trust-pw"));
      assertThat(misspelt)
          .hasMessageContaining("'eventbus.kafka.client.ssl.truststore.pasword' = '<redacted>'")
          .hasMessageContaining("did you mean eventbus.kafka.client.ssl.truststore.password?")
          .hasMessageNotContaining("trust-pw")
          .hasNoCause();

      // Schema Registry's credentials, misfiled under client.*: kafka-clients does not define it
      assertThat(rejected(Map.of("client.basic.auth.user.info", "app:registry-pw")))
          .hasMessageContaining("'eventbus.kafka.client.basic.auth.user.info' = '<redacted>'")
          .hasMessageNotContaining("registry-pw");
    }
  }
}
