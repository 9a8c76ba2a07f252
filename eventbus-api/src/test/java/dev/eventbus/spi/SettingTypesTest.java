package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettingTypesTest {
  enum Mode {
    BINARY,
    STRUCTURED
  }

  @Test
  void anInstantParsesAsIso8601AndAnErrorSaysWhatIsAllowed() {
    assertThat(SettingTypes.INSTANT.parse("2025-01-31T00:00:00Z"))
        .isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
    assertThat(SettingTypes.INSTANT.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
    assertThatThrownBy(() -> SettingTypes.INSTANT.parse("yesterday"))
        .isInstanceOf(ConfigKeys.InvalidValueException.class)
        .extracting(e -> ((ConfigKeys.InvalidValueException) e).allowed())
        .isEqualTo("an ISO-8601 instant such as 2025-01-31T00:00:00Z");
  }

  @Test
  void oneOfAllowsItsNamesInAnyCaseAndListsThem() {
    Setting.Check<String> check = SettingTypes.oneOf("none", "gzip", "lz4");

    assertThat(check.test().test("LZ4")).isTrue();
    assertThat(check.test().test("none")).isTrue();
    assertThat(check.test().test("brotli")).isFalse();
    assertThat(check.allowed()).isEqualTo("none, gzip or lz4");
  }

  @Test
  void aLowerCaseEnumIsWrittenInLowerCaseAndParsedInAnyCase() {
    Setting.Type<Mode> type = SettingTypes.lowerCaseEnum(Mode.class);

    assertThat(type.name()).isEqualTo("binary or structured");
    assertThat(type.description()).isEqualTo("binary or structured");
    assertThat(type.parse("Structured")).isEqualTo(Mode.STRUCTURED);
    assertThat(type.format(Mode.BINARY)).isEqualTo("binary");
    assertThatThrownBy(() -> type.parse("json"))
        .isInstanceOf(ConfigKeys.InvalidValueException.class)
        .extracting(e -> ((ConfigKeys.InvalidValueException) e).allowed())
        .isEqualTo("binary or structured");
  }
}
