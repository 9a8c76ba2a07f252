package dev.eventbus.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartAppTest {
  @Test
  void everyOrderIsBilledOrDeadLetteredAndShipped() throws Exception {
    QuickstartApp.Report report = QuickstartApp.run(20);
    assertThat(report.complete()).isTrue();
    assertThat(report.first().handled()).isPositive();
    assertThat(report.second().handled()).isPositive();
    assertThat(report.first().transientFailures() + report.second().transientFailures())
        .isPositive();
    assertThat(report.dead())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("non-retryable");
              assertThat(d.attempts()).isEqualTo(1);
              assertThat(d.type()).isEqualTo("com.example.orders.OrderPlaced");
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("broker  : memory\n")
        .contains("shipping: 20 handled")
        .endsWith("OK\n");
  }
}
