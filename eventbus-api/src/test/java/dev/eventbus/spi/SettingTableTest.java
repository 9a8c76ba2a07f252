package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTableTest {
  enum Mode {
    FAST,
    SAFE
  }

  static final Setting<Integer> WINDOW =
      Setting.of("confirm-window", Setting.INT)
          .defaultValue(1024)
          .check(Setting.Check.range(1, 65_536))
          .doc("Publishes in flight, at most.")
          .build();
  static final Setting<Duration> TIMEOUT =
      Setting.of("publish-timeout", Setting.DURATION)
          .defaultValue(Duration.ofSeconds(30))
          .check(Setting.Check.range(Duration.ofMillis(1), Duration.ofHours(1)))
          .doc("How long a publish may wait.")
          .build();
  static final Setting<Mode> MODE =
      Setting.of("mode", Setting.enumType(Mode.class)).defaultValue(Mode.SAFE).doc("Mode.").build();
  static final Setting<String> HOST =
      Setting.of("host", Setting.STRING)
          .defaultValue("localhost")
          .check(Setting.Check.nonBlank("a host name or address"))
          .doc("Host.")
          .build();
  static final Setting<String> PASSWORD =
      Setting.of("password", Setting.STRING).secret().required().doc("Password.").build();
  static final Setting<URI> LOCATION =
      Setting.of("location", Setting.URI_TYPE).secret().doc("Where, with credentials.").build();
  static final Setting<String> TRUSTSTORE =
      Setting.of("truststore", Setting.STRING).doc("Optional, no default.").build();
  static final Setting<Integer> CLIENT =
      Setting.of("client.<property>", Setting.INT)
          .check(Setting.Check.range(0, 10))
          .doc("Pass-through.")
          .build();

  static final SettingTable TABLE =
      new SettingTable(
          "eventbus.test.",
          List.of(WINDOW, TIMEOUT, MODE, HOST, PASSWORD, LOCATION, TRUSTSTORE, CLIENT));

  private static SettingValues apply(Map<String, String> config) {
    SettingValues v = TABLE.values();
    TABLE.apply(config, v);
    return v;
  }

  @Test
  void defaultsParsedValuesAndBuilderValuesComeFromTheSameRows() {
    SettingValues v =
        apply(Map.of("confirm-window", " 64 ", "mode", "fast", "password", "s3cret"))
            .set(TIMEOUT, Duration.ofSeconds(5));
    TABLE.validate(v);
    assertThat(v.get(WINDOW)).isEqualTo(64);
    assertThat(v.get(MODE)).isEqualTo(Mode.FAST);
    assertThat(v.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
    assertThat(v.get(HOST)).isEqualTo("localhost");
    assertThat(v.isSet(HOST)).isFalse();
    assertThat(v.get(TRUSTSTORE)).isNull();
  }

  @Test
  void aValueOutOfRangeNamesTheKeyTheValueAsWrittenAndTheRange() {
    SettingValues v = apply(Map.of("publish-timeout", "-5s", "password", "p"));
    assertThatThrownBy(() -> TABLE.validate(v))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid configuration 'eventbus.test.publish-timeout' = '-5s': expected a duration"
                + " from 1ms to 1h");
    SettingValues fromBuilder = TABLE.values().set(PASSWORD, "p").set(WINDOW, 0);
    assertThatThrownBy(() -> TABLE.validate(fromBuilder))
        .hasMessage(
            "Invalid configuration 'eventbus.test.confirm-window' = '0': expected an integer from 1"
                + " to 65536");
  }

  @Test
  void textThatDoesNotParseIsShownAsWrittenWithWhatTheTypeAllows() {
    assertThatThrownBy(() -> apply(Map.of("confirm-window", "many")))
        .hasMessage(
            "Invalid configuration 'eventbus.test.confirm-window' = 'many': expected an integer");
    assertThatThrownBy(() -> apply(Map.of("mode", "slow")))
        .hasMessageContaining("expected one of [FAST, SAFE]");
  }

  @Test
  void aMissingRequiredValueAndANullOverADefaultSayItIsRequired() {
    assertThatThrownBy(() -> TABLE.validate(TABLE.values()))
        .hasMessage(
            "Missing configuration 'eventbus.test.password': it is required; expected a string");
    SettingValues v = TABLE.values().set(PASSWORD, "p").set(HOST, null);
    assertThatThrownBy(() -> TABLE.validate(v))
        .hasMessage(
            "Missing configuration 'eventbus.test.host': it is required; expected a host name or"
                + " address");
    TABLE.validate(TABLE.values().set(PASSWORD, "p").set(TRUSTSTORE, null));
  }

  @Test
  void secretsAreNeverShownAndAUriShowsWithItsPasswordMasked() {
    SettingValues v =
        apply(Map.of("password", "hunter2", "location", "amqp://app:hunter2@host/vhost"));
    assertThat(v.toString())
        .doesNotContain("hunter2")
        .contains("password=<redacted>")
        .contains("location=amqp://app:****@host/vhost")
        .contains("confirm-window=1024");
    assertThatThrownBy(() -> apply(Map.of("pasword", "hunter2")))
        .hasMessageNotContaining("hunter2")
        .hasMessageContaining("did you mean eventbus.test.password?");
  }

  @Test
  void unknownKeysShowTheirValueAndTheNearestKnownKey() {
    assertThatThrownBy(() -> apply(Map.of("confirm-windw", "5")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'eventbus.test.confirm-windw' = '5'")
        .hasMessageContaining("did you mean eventbus.test.confirm-window?");
  }

  @Test
  void theCamelCaseSpellingIsADeprecatedAliasAndBothSpellingsAreAnError() {
    assertThat(apply(Map.of("confirmWindow", "8")).get(WINDOW)).isEqualTo(8);
    Map<String, String> both = new LinkedHashMap<>();
    both.put("confirm-window", "8");
    both.put("confirmWindow", "9");
    assertThatThrownBy(() -> apply(both))
        .hasMessageContaining("eventbus.test.confirm-window and eventbus.test.confirmWindow")
        .hasMessageContaining("deprecated spelling");
  }

  @Test
  void eachSpellingOfAKeyHasOneCanonicalName() {
    assertThat(TABLE.canonicalName("confirm-window")).contains("confirm-window");
    assertThat(TABLE.canonicalName("confirmWindow")).contains("confirm-window");
    assertThat(TABLE.canonicalName("client.retries")).contains("client.retries");
    assertThat(TABLE.canonicalName("confirm-windows")).isEmpty();
  }

  @Test
  void patternRowsHoldOneValuePerNameAndCheckEach() {
    SettingValues v = apply(Map.of("client.retries", "3", "password", "p"));
    assertThat(v.getAll(CLIENT)).containsExactly(Map.entry("retries", 3));
    assertThat(v.toString()).contains("client.retries=3");
    SettingValues tooMany = v.put(CLIENT, "linger", 11);
    assertThatThrownBy(() -> TABLE.validate(tooMany))
        .hasMessage(
            "Invalid configuration 'eventbus.test.client.linger' = '11': expected an integer from 0"
                + " to 10");
  }

  @Test
  void aPatternHidesTheValuesOfTheNamesItCallsSecret() {
    Setting<Integer> pins =
        Setting.of("pin.<name>", Setting.INT)
            .secretWhen(name -> name.startsWith("bank"))
            .check(Setting.Check.range(0, 9999))
            .doc("PINs.")
            .build();
    SettingTable table = new SettingTable("eventbus.test.", List.of(pins));
    SettingValues v = table.values();
    table.apply(Map.of("pin.door", "1234", "pin.bank-card", "4321"), v);
    assertThat(v.toString()).isEqualTo("{pin.bank-card=<redacted>, pin.door=1234}");
    assertThatThrownBy(() -> table.validate(v.copy().put(pins, "bank-safe", 12345)))
        .hasMessage(
            "Invalid configuration 'eventbus.test.pin.bank-safe' = '<redacted>': expected an"
                + " integer from 0 to 9999");
    assertThatThrownBy(() -> table.validate(v.copy().put(pins, "locker", 12345)))
        .hasMessageContaining("'eventbus.test.pin.locker' = '12345'");
  }

  @Test
  void onlyAPatternTakesSecretNames() {
    assertThatThrownBy(
            () -> Setting.of("pin", Setting.INT).secretWhen(name -> true).doc("PIN.").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pin: only a pattern's values are secret by name");
  }

  @Test
  void aPatternWrittenLiterallyIsAnErrorNamingIt() {
    assertThatThrownBy(() -> apply(Map.of("client.<property>", "3")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'eventbus.test.client.<property>' = '3'")
        .hasMessageContaining("a name in place of <property>");
  }

  @Test
  void aCopyDoesNotSeeLaterChanges() {
    SettingValues v = TABLE.values().set(WINDOW, 8);
    SettingValues kept = v.copy();
    v.set(WINDOW, 9).put(CLIENT, "retries", 1);
    assertThat(kept.get(WINDOW)).isEqualTo(8);
    assertThat(kept.getAll(CLIENT)).isEmpty();
  }

  @Test
  void theReferenceTableComesFromTheRows() {
    assertThat(TABLE.describe())
        .startsWith(
            "| key | type | default | allowed | meaning |\n| --- | --- | --- | --- | --- |\n")
        .contains(
            "| `eventbus.test.confirm-window` | int | 1024 | an integer from 1 to 65536 |"
                + " Publishes in flight, at most. |")
        .contains(
            "| `eventbus.test.publish-timeout` | duration | 30s | a duration from 1ms to 1h |"
                + " How long a publish may wait. |")
        .contains("| `eventbus.test.mode` | FAST or SAFE | SAFE |  | Mode. |")
        .contains("| `eventbus.test.password` | secret |  |  | Password. |")
        .contains(
            "| `eventbus.test.client.<property>` | int |  | an integer from 0 to 10 |"
                + " Pass-through. |");
  }

  @Test
  void aDeprecatedKeyIsStillReadAndSaysSoInTheReference() {
    Setting<Integer> old =
        Setting.of("publish-buffer", Setting.INT)
            .defaultValue(10)
            .deprecated("the bus bounds pending publishes.")
            .doc("Publishes buffered.")
            .build();
    SettingTable table = new SettingTable("eventbus.t.", List.of(old));
    SettingValues v = table.values();
    table.apply(Map.of("publishBuffer", "5"), v);
    assertThat(v.get(old)).isEqualTo(5);
    assertThat(table.describe())
        .contains("| Deprecated: the bus bounds pending publishes. Publishes buffered. |");
  }

  @Test
  void rowsOfAnotherTableAndBadNamesAreRejected() {
    Setting<Integer> foreign = Setting.of("confirm-window", Setting.INT).doc("Other.").build();
    assertThatThrownBy(() -> TABLE.values().set(foreign, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SettingTable(
                    "eventbus.x.", List.of(Setting.of("ackBatch", Setting.INT).doc("d").build())))
        .hasMessageContaining("not kebab-case");
    Setting<Integer> a = Setting.of("a", Setting.INT).doc("A.").build();
    Setting<Integer> again = Setting.of("a", Setting.INT).doc("A again.").build();
    assertThatThrownBy(() -> new SettingTable("eventbus.x.", List.of(a, again)))
        .hasMessageContaining("duplicate configuration key a");
  }
}
