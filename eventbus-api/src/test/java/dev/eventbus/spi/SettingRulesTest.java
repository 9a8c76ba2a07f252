package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingRulesTest {
  static final Setting<String> TRUSTSTORE =
      Setting.of("truststore", Setting.STRING).doc("Trust store.").build();
  static final Setting<String> PASSWORD =
      Setting.of("password", Setting.STRING).secret().doc("Password.").build();
  static final Setting<Duration> LINGER =
      Setting.of("linger", Setting.DURATION).defaultValue(Duration.ofMillis(5)).doc("L.").build();
  static final Setting<Duration> TIMEOUT =
      Setting.of("timeout", Setting.DURATION).doc("Timeout.").build();
  static final Setting<String> CLIENT =
      Setting.of("client.<property>", Setting.STRING)
          .secretWhen(name -> name.endsWith("password"))
          .doc("A client property.")
          .build();
  static final SettingTable TABLE =
      new SettingTable("eventbus.x.", List.of(TRUSTSTORE, PASSWORD, LINGER, TIMEOUT, CLIENT));

  @Test
  void keysThatDoNotApplyMustHaveNoValueAndTheErrorHidesASecret() {
    SettingValues values = TABLE.values().set(PASSWORD, "hunter2");
    SettingRules rules = new SettingRules(values);

    rules.requireUnsetUnless(true, "no value unless tls", TRUSTSTORE, PASSWORD);
    rules.requireUnsetUnless(false, "no value unless tls", TRUSTSTORE);
    assertThatThrownBy(() -> rules.requireUnsetUnless(false, "no value unless tls", PASSWORD))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("eventbus.x.password"))
        .hasMessageContaining("'eventbus.x.password' = '<redacted>'")
        .hasMessageContaining("no value unless tls")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aKeyAnotherNeedsMustHaveAValueThatIsNotBlank() {
    SettingValues values = TABLE.values().set(TRUSTSTORE, " ");
    SettingRules rules = new SettingRules(values);

    assertThatThrownBy(() -> rules.requireSet(TRUSTSTORE, "a trust store file"))
        .hasMessageContaining("eventbus.x.truststore")
        .hasMessageContaining("a trust store file");
    assertThatThrownBy(() -> rules.requireSet(PASSWORD, "a password"))
        .hasMessageContaining("eventbus.x.password")
        .hasMessageContaining("a password");
    values.set(TRUSTSTORE, "/etc/trust.p12").set(PASSWORD, "pw");
    rules.requireSet(TRUSTSTORE, "a trust store file").requireSet(PASSWORD, "a password");
  }

  @Test
  void aDurationMustExceedAnotherOnlyWhenBothHaveValues() {
    SettingValues values = TABLE.values();
    SettingRules rules = new SettingRules(values);
    rules.requireLonger(TIMEOUT, LINGER); // no timeout set

    values.set(TIMEOUT, Duration.ofMillis(5));
    rules.requireNoShorter(TIMEOUT, LINGER);
    assertThatThrownBy(() -> rules.requireLonger(TIMEOUT, LINGER))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.key()).isEqualTo("eventbus.x.timeout"))
        .hasMessageContaining("'eventbus.x.timeout' = '5ms'")
        .hasMessageContaining("more than eventbus.x.linger (5ms)");
    values.set(TIMEOUT, Duration.ofMillis(4));
    assertThatThrownBy(() -> rules.requireNoShorter(TIMEOUT, LINGER))
        .hasMessageContaining("no shorter than eventbus.x.linger (5ms)");
    values.set(TIMEOUT, Duration.ofMillis(6));
    rules.requireLonger(TIMEOUT, LINGER).requireNoShorter(TIMEOUT, LINGER);
  }

  @Test
  void aPatternNameTheAdapterRejectsIsNamedWithItsCauseAndItsSecretHidden() {
    SettingRules rules = new SettingRules(TABLE.values());
    ConfigKeys.InvalidValueException rejected = new ConfigKeys.InvalidValueException("a number");
    IllegalStateException cause = new IllegalStateException("parse error");
    rejected.initCause(cause);

    ConfigurationException e = rules.invalid(CLIENT, "buffer.bytes", "lots", rejected);
    ConfigurationException secret =
        rules.invalid(
            CLIENT, "key.password", "hunter2", new ConfigKeys.InvalidValueException("a string"));

    assertThat(e.key()).isEqualTo("eventbus.x.client.buffer.bytes");
    assertThat(e).hasMessageContaining("'lots'").hasMessageContaining("a number").hasCause(cause);
    assertThat(secret).hasMessageContaining("<redacted>").hasMessageNotContaining("hunter2");
    assertThat(secret.getCause()).isNull();
    assertThat(rules.qualified(LINGER)).isEqualTo("eventbus.x.linger");
  }
}
