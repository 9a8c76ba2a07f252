package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventbus.EventBus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A malformed {@code sasl.jaas.config} fails the start, and kafka-clients' messages echo words of
 * it: none of them reaches what the bus throws, in any cause or suppressed exception.
 */
class KafkaSecretsTest {
  private static final String MARKER = "Zq7-marker-secret";

  record Ping(int n) {}

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.apache.kafka.common.security.plain.PlainLoginModule MARKER username=\"u\";",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=u MARKER;",
        "MARKER required;",
        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"MARKER\""
      })
  void aMalformedJaasConfigNeverShowsInTheErrorsOfStartOrPublish(String jaas) throws Exception {
    KafkaBroker broker =
        new KafkaBrokerProvider()
            .create(
                Map.of(
                    "bootstrap-servers", "127.0.0.1:9",
                    "security.protocol", "SASL_PLAINTEXT",
                    "sasl.mechanism", "PLAIN",
                    "client.sasl.jaas.config", jaas.replace("MARKER", MARKER)));
    try (EventBus bus = EventBus.builder().broker(broker).build()) {
      Throwable started = catchThrowable(bus::start);
      Throwable published =
          catchThrowable(() -> bus.publish("secrets", new Ping(1)).get(30, TimeUnit.SECONDS));

      assertThat(started).isNotNull();
      assertThat(published).isNotNull();
      assertThat(everything(started))
          .contains("Cannot create Kafka clients")
          .doesNotContain(MARKER);
      assertThat(everything(published)).doesNotContain(MARKER);
    }
    assertThat(broker.toString()).doesNotContain(MARKER);
  }

  /** The whole chain as a log shows it: every message, cause and suppressed exception. */
  private static String everything(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    StringBuilder text = new StringBuilder(out.toString());
    for (Throwable c = t; c != null; c = c.getCause()) {
      text.append('\n').append(c).append('\n').append(c.getMessage());
    }
    return text.toString();
  }
}
