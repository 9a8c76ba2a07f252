package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.spi.StartPosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupSettingsTest {
  @Test
  void groupKeysInAMapSetThatGroupsOptionsOverTheDefaults() {
    DefaultEventBusBuilder builder = (DefaultEventBusBuilder) EventBus.builder();
    builder.groupDefaults(GroupOptions.custom().concurrency(2).build());
    builder.configure(
        Map.of(
            "eventbus.groups.billing.concurrency", "8",
            "eventbus.groups.billing.max-in-flight", "64",
            "eventbus.groups.billing.idempotent", "true",
            "eventbus.groups.billing.start-position", "earliest",
            "eventbus.groups.billing.retry.max-attempts", "5",
            "eventbus.groups.billing.retry.initial-delay", "1s",
            "eventbus.groups.billing.retry.max-delay", "1m",
            "eventbus.groups.billing.retry.multiplier", "3.0"));
    builder.configure(Map.of("eventbus.groups.shipping.idempotent", "true"));

    try (EventBus bus = builder.build()) {
      GroupOptions billing = builder.groupOptions.get("billing");
      assertThat(billing.concurrency()).isEqualTo(8);
      assertThat(billing.maxInFlight()).isEqualTo(64);
      assertThat(billing.idempotent()).isTrue();
      assertThat(billing.startPosition()).isEqualTo(StartPosition.EARLIEST);
      RetryPolicy retry = billing.retry();
      assertThat(retry.maxAttempts()).isEqualTo(5);
      assertThat(retry.initialDelay()).isEqualTo(Duration.ofSeconds(1));
      assertThat(retry.maxDelay()).isEqualTo(Duration.ofMinutes(1));
      assertThat(retry.multiplier()).isEqualTo(3.0);
      GroupOptions shipping = builder.groupOptions.get("shipping");
      assertThat(shipping.idempotent()).isTrue();
      assertThat(shipping.concurrency()).isEqualTo(2); // the defaults' value
      assertThat(shipping.retry()).isSameAs(RetryPolicy.ofDefaults());
    }
  }

  @Test
  void aGroupGivenOptionsInCodeTakesNoneOfItsKeys() {
    DefaultEventBusBuilder builder = (DefaultEventBusBuilder) EventBus.builder();
    builder.configure(Map.of("eventbus.groups.billing.concurrency", "8"));
    builder.group("billing", GroupOptions.custom().concurrency(3).build());

    try (EventBus bus = builder.build()) {
      assertThat(builder.groupOptions.get("billing").concurrency()).isEqualTo(3);
    }
  }

  @Test
  void aBadGroupValueFailsAtTheCallNamingTheKeyTheValueAndWhatIsAllowed() {
    assertThatThrownBy(
            () -> EventBus.builder().configure(Map.of("eventbus.groups.billing.concurrency", "0")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid configuration 'eventbus.groups.billing.concurrency' = '0': expected an"
                + " integer from 1 to 1024");
    assertThatThrownBy(
            () ->
                EventBus.builder()
                    .configure(
                        Map.of(
                            "eventbus.groups.billing.concurrency", "16",
                            "eventbus.groups.billing.max-in-flight", "8")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid configuration 'eventbus.groups.billing.max-in-flight' = '8': expected an"
                + " integer from the group's concurrency (16) to 65536");
    assertThatThrownBy(
            () ->
                EventBus.builder()
                    .configure(Map.of("eventbus.groups.billing.retry.multiplier", "fast")))
        .hasMessage(
            "Invalid configuration 'eventbus.groups.billing.retry.multiplier' = 'fast': expected"
                + " a number");
    assertThatThrownBy(
            () -> EventBus.builder().configure(Map.of("eventbus.groups.billing.retries", "3")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.groups.billing.retries");
  }

  @Test
  void theGroupTableInTheDocsIsTheGeneratedOne() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

    assertThat(doc).contains(GroupSettings.TABLE.describe().strip());
  }

  @Test
  void groupKeysComeFromSystemPropertiesAndVariablesTooBelowTheMap() {
    DefaultEventBusBuilder builder = (DefaultEventBusBuilder) EventBus.builder();
    builder.configureFrom(
        Map.of(
            "eventbus.groups.billing.concurrency", "6",
            "eventbus.groups.billing.max-in-flight", "96"),
        Map.of("EVENTBUS_GROUPS_SHIPPING_MAX_IN_FLIGHT", "32"));
    builder.configure(Map.of("eventbus.groups.billing.concurrency", "9"));

    try (EventBus bus = builder.build()) {
      GroupOptions billing = builder.groupOptions.get("billing");
      assertThat(billing.concurrency()).isEqualTo(9); // the map over the system property
      assertThat(billing.maxInFlight()).isEqualTo(96);
      assertThat(builder.groupOptions.get("shipping").maxInFlight()).isEqualTo(32);
    }
  }

  @Test
  void anInvalidGroupKeyFromOutsideNamesWhereItWasWritten() {
    DefaultEventBusBuilder builder = (DefaultEventBusBuilder) EventBus.builder();
    builder.configureFrom(Map.of("eventbus.groups.billing.concurrency", "0"), Map.of());

    assertThatThrownBy(builder::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.groups.billing.concurrency")
        .hasMessageContaining("'0'")
        .hasMessageContaining("system property");
  }
}
