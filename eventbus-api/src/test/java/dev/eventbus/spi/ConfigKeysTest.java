package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
  enum Mode {
    FAST,
    SAFE
  }

  /** What the keys set, in the order they were applied. */
  static final class Draft {
    final List<String> applied = new ArrayList<>();
    int port;
    Duration timeout;
    Mode mode;
    String password;
    int maxSize;
  }

  private static final ConfigKeys<Draft> TABLE =
      new ConfigKeys<>(
          "eventbus.test.",
          List.of(
              ConfigKeys.key(
                  "uri", "URI", "(none)", "Sets the rest.", (d, v) -> d.applied.add("uri")),
              ConfigKeys.<Draft>key(
                  "port",
                  "int",
                  "1",
                  "Port.",
                  (d, v) -> {
                    d.applied.add("port");
                    d.port = ConfigKeys.integer(v);
                  }),
              ConfigKeys.<Draft>key(
                  "timeout",
                  "duration",
                  "30s",
                  "Timeout.",
                  (d, v) -> d.timeout = ConfigKeys.duration(v)),
              ConfigKeys.<Draft>key(
                  "mode",
                  "FAST or SAFE",
                  "SAFE",
                  "Mode.",
                  (d, v) -> d.mode = ConfigKeys.enumValue(v, Mode.class)),
              ConfigKeys.<Draft>key(
                  "max-size", "int", "10", "Largest.", (d, v) -> d.maxSize = ConfigKeys.integer(v)),
              ConfigKeys.<Draft>secret(
                  "password",
                  "(none)",
                  "Password.",
                  (d, v) -> {
                    if (v.length() < 4) {
                      throw new ConfigKeys.InvalidValueException("at least 4 characters");
                    }
                    d.password = v;
                  })));

  @Test
  void appliesTrimmedValuesInTableOrder() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("mode", " fast ");
    config.put("port", "8080");
    config.put("uri", "x://y");
    config.put("timeout", "2m");
    Draft d = new Draft();

    TABLE.apply(config, d);

    assertThat(d.applied).containsExactly("uri", "port");
    assertThat(d.port).isEqualTo(8080);
    assertThat(d.timeout).isEqualTo(Duration.ofMinutes(2));
    assertThat(d.mode).isEqualTo(Mode.FAST);
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> TABLE.apply(Map.of("port", "eighty"), new Draft()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.test.port")
        .hasMessageContaining("eighty")
        .hasMessageContaining("an integer");
    assertThatThrownBy(() -> TABLE.apply(Map.of("mode", "slow"), new Draft()))
        .hasMessageContaining("[FAST, SAFE]");
    assertThatThrownBy(() -> TABLE.apply(Map.of("timeout", "soon"), new Draft()))
        .hasMessageContaining("500ms");
  }

  @Test
  void aSecretsValueIsNeverEchoed() {
    assertThatThrownBy(() -> TABLE.apply(Map.of("password", "abc"), new Draft()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.test.password")
        .hasMessageContaining("at least 4 characters")
        .hasMessageNotContaining("abc");
  }

  @Test
  void unknownKeysAreRejectedBeforeAnythingIsApplied() {
    Draft d = new Draft();
    assertThatThrownBy(() -> TABLE.apply(Map.of("port", "1", "prot", "2"), d))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.test.prot")
        .hasMessageContaining("[uri, port, timeout, mode, max-size, password]");
    assertThat(d.applied).isEmpty();
  }

  @Test
  void describesEveryKeyAsAMarkdownRow() {
    assertThat(TABLE.describe())
        .startsWith("| key | type | default | meaning |\n| --- | --- | --- | --- |\n")
        .contains("| `eventbus.test.timeout` | duration | 30s | Timeout. |")
        .contains("| `eventbus.test.password` | secret | (none) | Password. |");
  }

  @Test
  void duplicateKeysAreAProgrammingError() {
    assertThatThrownBy(
            () ->
                new ConfigKeys<Draft>(
                    "p.",
                    List.of(
                        ConfigKeys.key("a", "int", "1", "A.", (d, v) -> {}),
                        ConfigKeys.key("a", "int", "1", "A.", (d, v) -> {}))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCamelCaseSpellingIsADeprecatedAliasAndBothAtOnceIsAnError() {
    Draft d = new Draft();
    TABLE.apply(Map.of("maxSize", "42"), d);
    assertThat(d.maxSize).isEqualTo(42);

    assertThatThrownBy(() -> TABLE.apply(Map.of("maxSize", "1", "max-size", "2"), new Draft()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.test.max-size")
        .hasMessageContaining("eventbus.test.maxSize");
  }

  @Test
  void errorsNameTheKeyAndTheValueAsTheUserWroteThem() {
    assertThatThrownBy(() -> TABLE.apply(Map.of("maxSize", " -5x"), new Draft()))
        .hasMessageContaining("'eventbus.test.maxSize' = ' -5x'")
        .hasMessageContaining("an integer");
  }

  @Test
  void anUnknownKeyShowsItsValueAndTheNearestKnownKey() {
    assertThatThrownBy(() -> TABLE.apply(Map.of("timout", "5s"), new Draft()))
        .hasMessageContaining("'eventbus.test.timout' = '5s'")
        .hasMessageContaining("did you mean eventbus.test.timeout?");
    assertThatThrownBy(() -> TABLE.apply(Map.of("max_sise", "5"), new Draft()))
        .hasMessageContaining("did you mean eventbus.test.max-size?");
    assertThatThrownBy(() -> TABLE.apply(Map.of("completely-different", "v"), new Draft()))
        .hasMessageContaining("'v'")
        .hasMessageNotContaining("did you mean");
  }

  @Test
  void aMisspeltSecretKeyKeepsItsValueHidden() {
    assertThatThrownBy(() -> TABLE.apply(Map.of("pasword", "hunter22"), new Draft()))
        .hasMessageContaining("did you mean eventbus.test.password?")
        .hasMessageNotContaining("hunter22");
  }

  @Test
  void keysMustBeKebabCase() {
    assertThatThrownBy(
            () ->
                new ConfigKeys<Draft>(
                    "p.", List.of(ConfigKeys.key("maxSize", "int", "1", "A.", (d, v) -> {}))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kebab-case");
  }

  @Test
  void aSecretUriIsShownWithItsPasswordMasked() {
    assertThat(ConfigKeys.shownSecret("amqps://app:s3cr%40t@rabbit.internal:5671/orders"))
        .isEqualTo("amqps://app:****@rabbit.internal:5671/orders");
    assertThat(ConfigKeys.shownSecret("amqp://app@host/")).isEqualTo("amqp://app@host/");
    assertThat(ConfigKeys.shownSecret("hunter22")).isEqualTo("(secret)");
    assertThat(ConfigKeys.shownSecret("no uri at all: %%")).isEqualTo("(secret)");
  }

  @Test
  void durationsInErrorsReadAsAUserWritesThem() {
    assertThat(ConfigKeys.durationText(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(ConfigKeys.durationText(Duration.ofSeconds(-5))).isEqualTo("-5s");
    assertThat(ConfigKeys.durationText(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(ConfigKeys.durationText(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(ConfigKeys.durationText(Duration.ofHours(12))).isEqualTo("12h");
    assertThat(ConfigKeys.durationText(Duration.ZERO)).isEqualTo("0s");
    assertThat(ConfigKeys.durationText(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
    assertThat(ConfigKeys.durationText(null)).isNull();
  }
}
