package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import dev.eventbus.memory.InMemoryBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationSourcesTest {
  @TempDir Path dir;

  private DefaultEventBusBuilder builder = new DefaultEventBusBuilder();

  /** Builds and closes a bus from these system properties and this environment. */
  private DefaultEventBusBuilder built(Map<String, String> properties, Map<String, String> env) {
    builder.configureFrom(properties, env);
    builder.build().close();
    return builder;
  }

  private Path file(String text) throws Exception {
    Path f = dir.resolve("eventbus.properties");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Nested
  class Precedence {
    private DefaultEventBusBuilder timeoutFrom(
        boolean setter, boolean configure, boolean property, boolean variable) throws Exception {
      builder = new DefaultEventBusBuilder();
      Map<String, String> properties = new HashMap<>();
      Map<String, String> env = new HashMap<>();
      env.put("EVENTBUS_CONFIG", file("eventbus.publish.timeout=1s\n").toString());
      if (variable) {
        env.put("EVENTBUS_PUBLISH_TIMEOUT", "2s");
      }
      if (property) {
        properties.put("eventbus.publish.timeout", "3s");
      }
      if (configure) {
        builder.configure(Map.of("eventbus.publish.timeout", "4s"));
      }
      if (setter) {
        builder.publishTimeout(Duration.ofSeconds(5));
      }
      return built(properties, env);
    }

    @Test
    void aSetterWinsOverConfigureOverPropertiesOverEnvironmentOverTheFile() throws Exception {
      assertThat(timeoutFrom(true, true, true, true).publishTimeout).hasSeconds(5);
      assertThat(timeoutFrom(false, true, true, true).publishTimeout).hasSeconds(4);
      assertThat(timeoutFrom(false, false, true, true).publishTimeout).hasSeconds(3);
      assertThat(timeoutFrom(false, false, false, true).publishTimeout).hasSeconds(2);
      assertThat(timeoutFrom(false, false, false, false).publishTimeout).hasSeconds(1);
    }

    @Test
    void aSetterWinsEvenWhenCalledBeforeConfigure() {
      builder.publishTimeout(Duration.ofSeconds(5));
      builder.configure(Map.of("eventbus.publish.timeout", "4s"));
      builder.build().close();
      assertThat(builder.publishTimeout).hasSeconds(5);
    }

    @Test
    void aLaterConfigureWinsOverAnEarlierOne() {
      builder.configure(Map.of("eventbus.publish.timeout", "4s", "eventbus.source", "urn:a"));
      builder.configure(Map.of("eventbus.publish.timeout", "6s"));
      builder.build().close();
      assertThat(builder.publishTimeout).hasSeconds(6);
      assertThat(builder.source).isEqualTo("urn:a");
    }

    @Test
    void aBrokersKeysMergeKeyByKeyWithTheKeysGivenInCodeOnTop() throws Exception {
      Path f = file("eventbus.recording.port=1111\neventbus.recording.host=file-host\n");
      builder.broker("recording", Map.of("port", "2222"));
      built(
          Map.of("eventbus.recording.connection-timeout", "5s"),
          Map.of("EVENTBUS_CONFIG", f.toString(), "EVENTBUS_RECORDING_HOST", "env-host"));

      assertThat(RecordingBrokerProvider.lastConfig())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("port", "2222", "host", "env-host", "connection-timeout", "5s"));
    }

    @Test
    void theDeprecatedSpellingOfAKeyInALowerSourceIsTheSameKey() throws Exception {
      Path f = file("eventbus.broker=recording\neventbus.recording.connectionTimeout=9s\n");
      built(
          Map.of(),
          Map.of("EVENTBUS_CONFIG", f.toString(), "EVENTBUS_RECORDING_CONNECTION_TIMEOUT", "3s"));

      assertThat(RecordingBrokerProvider.lastConfig())
          .containsExactlyEntriesOf(Map.of("connection-timeout", "3s"));
    }

    @Test
    void theSystemPropertyNamesTheFileBeforeTheEnvironment() throws Exception {
      Path named = file("eventbus.source=urn:from-property\n");
      built(
          Map.of("eventbus.config", named.toString()),
          Map.of("EVENTBUS_CONFIG", dir.resolve("absent.properties").toString()));
      assertThat(builder.source).isEqualTo("urn:from-property");
    }
  }

  @Nested
  class Mapping {
    @Test
    void variablesAreTheKeysInUpperCaseWithUnderscores() {
      built(
          Map.of(),
          Map.of(
              "EVENTBUS_BROKER", "recording",
              "EVENTBUS_PUBLISH_MAX_PENDING", "7",
              "EVENTBUS_METRICS_DEAD_LETTER_REFRESH", "1m",
              "EVENTBUS_RECORDING_CONNECTION_TIMEOUT", "250ms",
              "EVENTBUS_RECORDING_CLIENT_RECEIVE_BUFFER_BYTES", "65536"));

      assertThat(builder.maxPendingPublishes).isEqualTo(7);
      assertThat(builder.deadLetterDepthRefresh).hasMinutes(1);
      assertThat(RecordingBrokerProvider.lastConfig())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("connection-timeout", "250ms", "client.receive.buffer.bytes", "65536"));
    }

    @Test
    void systemPropertiesAndTheFileAreWrittenAsKeys() throws Exception {
      Path f = file("# a whole application file\nserver.port=8080\neventbus.recording.port=5673\n");
      built(
          Map.of("eventbus.broker", "recording", "java.version", "17", "eventbus.config", "" + f),
          Map.of());
      assertThat(RecordingBrokerProvider.lastConfig())
          .containsExactlyEntriesOf(Map.of("port", "5673"));
    }

    @Test
    void keysOfTheInMemoryBrokerApplyToTheDefaultBroker() {
      assertThatThrownBy(() -> built(Map.of(), Map.of("EVENTBUS_MEMORY_PARTITIONS", "0")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("from environment variable EVENTBUS_MEMORY_PARTITIONS");
    }

    @Test
    void keysOfAnotherBrokerThanTheOneInUseAreIgnored() throws Exception {
      Path f = file("eventbus.broker=memory\neventbus.memory.partitions=0\n");
      built(
          Map.of(),
          Map.of(
              "EVENTBUS_CONFIG", f.toString(),
              "EVENTBUS_BROKER", "recording",
              "EVENTBUS_MEMORY_PARTITIONS", "-1"));
      assertThat(RecordingBrokerProvider.lastConfig()).isEmpty();
    }

    @Test
    void unrelatedAndUnmatchedVariablesAreIgnored() {
      built(
          Map.of(),
          Map.of(
              "EVENTBUS_BROKER", "recording",
              "EVENTBUS_KAFKA_BOOTSTRAP", "127.0.0.1:9092",
              "EVENTBUS_AWS_ENDPOINT", "http://localhost:4566",
              "EVENTBUS_RECORDING_PROT", "1",
              "EVENTBUS_PUBLISH_TIMEOT", "x",
              "PATH", "/usr/bin"));
      assertThat(RecordingBrokerProvider.lastConfig()).isEmpty();
      assertThat(builder.publishTimeout).isEqualTo(EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT);
    }

    @Test
    void nothingIsReadFromOutsideTheCodeUnlessAsked() {
      String before = System.setProperty("eventbus.publish.timeout", "not a duration");
      try (EventBus bus = EventBus.builder().build()) {
        assertThat(bus.broker()).isInstanceOf(InMemoryBroker.class);
      } finally {
        restore("eventbus.publish.timeout", before);
      }
    }

    @Test
    void theEnvironmentOfTheProcessIsReadWhenAsked() {
      String before = System.setProperty("eventbus.publish.max-pending", "42");
      try {
        DefaultEventBusBuilder b = new DefaultEventBusBuilder();
        b.configureFromEnvironment().build().close();
        assertThat(b.maxPendingPublishes).isEqualTo(42);
      } finally {
        restore("eventbus.publish.max-pending", before);
      }
    }

    private void restore(String key, String before) {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  @Nested
  class Errors {
    private ConfigurationException rejected(UnaryOperator<DefaultEventBusBuilder> setup) {
      return catchThrowableOfType(
          ConfigurationException.class, () -> setup.apply(builder).build().close());
    }

    @Test
    void anInvalidVariableIsNamedWithItsKey() {
      ConfigurationException e =
          rejected(
              b ->
                  b.configureFrom(
                      Map.of(),
                      Map.of("EVENTBUS_BROKER", "recording", "EVENTBUS_RECORDING_PORT", "x")));
      assertThat(e)
          .hasMessage(
              "Invalid configuration 'eventbus.recording.port' = 'x' from environment variable"
                  + " EVENTBUS_RECORDING_PORT: expected an integer");
      assertThat(e.key()).isEqualTo("eventbus.recording.port");
      assertThat(e.source()).contains("environment variable EVENTBUS_RECORDING_PORT");
    }

    @Test
    void aValueOutOfRangeIsNamedWithItsSource() {
      assertThat(
              rejected(
                  b ->
                      b.configureFrom(
                          Map.of("eventbus.broker", "recording"),
                          Map.of("EVENTBUS_RECORDING_PORT", "70000"))))
          .hasMessage(
              "Invalid configuration 'eventbus.recording.port' = '70000' from environment variable"
                  + " EVENTBUS_RECORDING_PORT: expected an integer from 1 to 65535");
      assertThat(rejected(b -> b.configureFrom(Map.of("eventbus.publish.timeout", "1d"), Map.of())))
          .hasMessageStartingWith(
              "Invalid configuration 'eventbus.publish.timeout' = '1d' from system property"
                  + " eventbus.publish.timeout: expected");
    }

    @Test
    void anUnknownBrokerIsNamedWithTheVariableThatChoseIt() {
      assertThat(rejected(b -> b.configureFrom(Map.of(), Map.of("EVENTBUS_BROKER", "rabbit"))))
          .hasMessageStartingWith(
              "Invalid configuration 'eventbus.broker' = 'rabbit' from environment variable"
                  + " EVENTBUS_BROKER: expected the name of a broker provider on the class path:");
    }

    @Test
    void aKeyOfTheFileIsNamedAsWrittenWithTheFile() throws Exception {
      Path f = file("eventbus.broker=recording\neventbus.recording.prot=5673\n");
      assertThat(rejected(b -> b.configureFrom(Map.of(), Map.of("EVENTBUS_CONFIG", f.toString()))))
          .hasMessageContaining("'eventbus.recording.prot' = '5673' from properties file " + f)
          .hasMessageContaining("did you mean eventbus.recording.port?");
    }

    @Test
    void aKeyOutsideEveryNamespaceFailsWhenItIsRead() {
      assertThatThrownBy(() -> builder.configureFrom(Map.of("eventbus.nope", "1"), Map.of()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(
              "Invalid configuration 'eventbus.nope' = '1' from system property");
    }

    @Test
    void aFileThatCannotBeReadIsNamedWithWhatNamedIt() {
      String absent = dir.resolve("absent.properties").toString();
      assertThatThrownBy(() -> builder.configureFrom(Map.of(), Map.of("EVENTBUS_CONFIG", absent)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(
              "Invalid configuration 'eventbus.config' = '"
                  + absent
                  + "' from environment variable EVENTBUS_CONFIG: expected the path of a readable"
                  + " properties file");
    }

    @Test
    void secretsAreRedactedInErrorsAndNeverLogged() {
      PrintStream original = System.err;
      ByteArrayOutputStream logs = new ByteArrayOutputStream();
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      ConfigurationException e;
      try {
        built(
            Map.of(),
            Map.of(
                "EVENTBUS_BROKER", "recording",
                "EVENTBUS_RECORDING_PASSWORD", "long-enough-secret",
                "EVENTBUS_RECORDING_CLIENT_SSL_KEY_PASSWORD", "another-secret",
                "EVENTBUS_RECORDING_PASSWROD", "misfiled-secret"));
        builder = new DefaultEventBusBuilder();
        e =
            rejected(
                b ->
                    b.configureFrom(
                        Map.of(),
                        Map.of(
                            "EVENTBUS_BROKER", "recording",
                            "EVENTBUS_RECORDING_PASSWORD", "hunter2")));
      } finally {
        System.setErr(original);
      }
      assertThat(e)
          .hasMessage(
              "Invalid configuration 'eventbus.recording.password' = '<redacted>' from environment"
                  + " variable EVENTBUS_RECORDING_PASSWORD: expected a password of at least 8"
                  + " characters");
      String logged = logs.toString(StandardCharsets.UTF_8);
      assertThat(logged)
          .contains("EVENTBUS_RECORDING_PASSWORD")
          .contains("EVENTBUS_RECORDING_PASSWROD")
          .doesNotContain("long-enough-secret")
          .doesNotContain("another-secret")
          .doesNotContain("misfiled-secret")
          .doesNotContain("hunter2");
    }
  }
}
