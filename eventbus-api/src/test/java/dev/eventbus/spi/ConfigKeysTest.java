package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {
  enum Mode {
    FAST,
    SAFE
  }

  @Test
  void valuesParseOrSayWhatIsAllowed() {
    assertThat(ConfigKeys.integer("42")).isEqualTo(42);
    assertThat(ConfigKeys.bool("TRUE")).isTrue();
    assertThat(ConfigKeys.duration(" 500ms ")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigKeys.duration("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(ConfigKeys.enumValue("safe", Mode.class)).isEqualTo(Mode.SAFE);
    assertThatThrownBy(() -> ConfigKeys.integer("4x"))
        .isInstanceOf(ConfigKeys.InvalidValueException.class)
        .hasMessage("expected an integer");
    assertThatThrownBy(() -> ConfigKeys.duration("soon"))
        .hasMessage("expected " + ConfigKeys.DURATIONS);
    assertThatThrownBy(() -> ConfigKeys.bool("yes")).hasMessage("expected true or false");
    assertThatThrownBy(() -> ConfigKeys.enumValue("slow", Mode.class))
        .hasMessage("expected one of [FAST, SAFE]");
  }

  @Test
  void theNearestKnownKeyIsSuggestedOnlyWhenItIsClose() {
    List<String> known = List.of("ack-batch-size", "host", "port");
    assertThat(ConfigKeys.nearest("ack-bach-size", known)).contains("ack-batch-size");
    assertThat(ConfigKeys.nearest("ackBatchSize", known)).contains("ack-batch-size");
    assertThat(ConfigKeys.nearest("completely-else", known)).isEmpty();
  }

  @Test
  void aKeyNamedLikeASecretIsOneButAKeyIsNotASecret() {
    assertThat(ConfigKeys.looksSecret("api-key.secret")).isTrue();
    assertThat(ConfigKeys.looksSecret("db.password")).isTrue();
    assertThat(ConfigKeys.looksSecret("unknown-key")).isFalse();
  }

  @Test
  void theDeprecatedSpellingIsTheCamelCaseOne() {
    assertThat(ConfigKeys.camelCase("ack-batch-size")).isEqualTo("ackBatchSize");
    assertThat(ConfigKeys.camelCase("producer.linger")).isEqualTo("producer.linger");
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
