package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBusException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {
  static final Setting<String> USER = Setting.of("user", Setting.STRING).doc("User.").build();
  static final Setting<String> PASSWORD =
      Setting.of("password", Setting.STRING).secret().doc("Password.").build();
  static final Setting<String> CLIENT =
      Setting.of("client.<property>", Setting.STRING)
          .secretWhen(name -> name.endsWith(".password"))
          .doc("A client property.")
          .build();
  static final SettingTable TABLE = new SettingTable("x.", List.of(USER, PASSWORD, CLIENT));

  @Test
  void aSecretIsHiddenAsAWholeWordOnlyLongestFirst() {
    SecretRedaction r = new SecretRedaction(List.of("pw", "pw-long", "  "));

    assertThat(r.redact("login pw-long failed; pw wrong; pwx and my.pw stay"))
        .isEqualTo("login <redacted> failed; <redacted> wrong; pwx and my.pw stay");
    assertThat(r.redact(null)).isNull();
  }

  @Test
  void theTableSaysWhichValuesAreSecretAndMoreCanBeAdded() {
    SettingValues values = TABLE.values().set(USER, "alice").set(PASSWORD, "hunter2");
    values.put(CLIENT, "ssl.key.password", "pk-secret").put(CLIENT, "buffer.bytes", "4096");

    SecretRedaction r = SecretRedaction.of(values, List.of("token-9"));

    assertThat(r.redact("alice hunter2 pk-secret 4096 token-9"))
        .isEqualTo("alice <redacted> <redacted> 4096 <redacted>");
  }

  @Test
  void anExceptionWithoutSecretsIsKeptAndOneWithThemIsCopiedWholeChain() {
    SecretRedaction r = new SecretRedaction(List.of("hunter2"));
    IllegalStateException clean = new IllegalStateException("no route to host");
    assertThat(r.scrub(clean)).isSameAs(clean);
    assertThat(r.scrub(null)).isNull();

    IllegalArgumentException root = new IllegalArgumentException("bad password hunter2");
    RuntimeException top = new RuntimeException("login failed", root);
    top.addSuppressed(new IllegalStateException("retry with hunter2"));
    Throwable scrubbed = r.scrub(top);

    assertThat(scrubbed).isNotSameAs(top).hasMessage("java.lang.RuntimeException: login failed");
    assertThat(scrubbed.getStackTrace()).isEqualTo(top.getStackTrace());
    assertThat(scrubbed.getCause())
        .hasToString("java.lang.IllegalArgumentException: bad password <redacted>");
    assertThat(scrubbed.getSuppressed()[0])
        .hasToString("java.lang.IllegalStateException: retry with <redacted>");
  }

  @Test
  void aFailureCarriesTheRedactedMessageAndChain() {
    SecretRedaction r = new SecretRedaction(List.of("hunter2"));

    EventBusException e = r.failure("Cannot connect", new IllegalStateException("pw hunter2"));

    assertThat(e).hasMessage("Cannot connect: pw <redacted>");
    assertThat(e.getCause()).hasToString("java.lang.IllegalStateException: pw <redacted>");
  }
}
