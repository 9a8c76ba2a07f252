package dev.eventbus.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sample of docs/configuration.md's "Sources and precedence", compiled and run. */
class ConfigurationSourcesSampleTest {
  record OrderPlaced(String orderId) {}

  @Test
  void configurationFromTheEnvironmentSample() throws Exception {
    Event<?> published;
    try (EventBus bus =
        EventBus.builder()
            .configureFromEnvironment() // -Deventbus.*, EVENTBUS_*, the file EVENTBUS_CONFIG names
            .source("urn:orders") // code wins over every source
            .build()) {
      bus.start();
      published = bus.publish("orders", new OrderPlaced("o-1")).get(10, TimeUnit.SECONDS);
    }
    assertThat(published.source()).isEqualTo("urn:orders");
  }
}
