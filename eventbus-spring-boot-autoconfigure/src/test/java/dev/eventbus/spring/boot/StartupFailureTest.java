package dev.eventbus.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A bad {@code eventbus.*} property stops startup with the failure analyzer's report. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {
  private static void start(String... properties) {
    List<String> all = new ArrayList<>(List.of(properties));
    all.addAll(
        List.of(
            "orders.topic=orders",
            "orders.table=orders_failure",
            "spring.main.web-application-type=none"));
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(OrdersApp.class)
                    .properties(all.toArray(String[]::new))
                    .run()
                    .close())
        .hasRootCauseInstanceOf(dev.eventbus.ConfigurationException.class);
  }

  @Test
  void aNegativeTimeoutIsReportedWithTheKeyTheValueAndWhatIsAllowed(CapturedOutput output) {
    start("eventbus.publish.timeout=-5s");

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains(
            "The eventbus configuration is invalid. Invalid configuration"
                + " 'eventbus.publish.timeout' = '-5s': expected a duration from 0s to 10m")
        .contains("Correct the property 'eventbus.publish.timeout'");
  }

  @Test
  void anUnknownKeyIsReportedWithTheNearestKnownOne(CapturedOutput output) {
    start("eventbus.publish.timeot=5s");

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("'eventbus.publish.timeot' = '5s'")
        .contains("did you mean eventbus.publish.timeout?");
  }

  @Test
  void aSecretsValueNeverShowsInTheReport(CapturedOutput output) {
    start("eventbus.broker=rabbitmq", "eventbus.rabbitmq.passwrd=s3cr3t-Value");

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("eventbus.rabbitmq.passwrd")
        .doesNotContain("s3cr3t-Value");
  }

  @Test
  void aBadGroupPropertyIsReportedUnderItsGroupsName(CapturedOutput output) {
    start("eventbus.groups.billing.concurrency=0");

    assertThat(output.getAll())
        .contains(
            "Invalid configuration 'eventbus.groups.billing.concurrency' = '0': expected an"
                + " integer from 1 to 1024");
  }
}
