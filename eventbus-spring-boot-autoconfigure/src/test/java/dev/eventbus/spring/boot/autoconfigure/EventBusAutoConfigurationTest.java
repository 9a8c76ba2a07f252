package dev.eventbus.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.Subscribe;
import dev.eventbus.Subscription;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EventBusAutoConfigurationTest {
  record Ping(String id) {}

  static class Pings {
    @Subscribe(topic = "${ping.topic}", group = "pings")
    public void on(Ping ping) {}
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(EventBusAutoConfiguration.class))
          .withPropertyValues("ping.topic=pings-topic")
          .withBean(Pings.class);

  @Test
  void backsOffFromAnApplicationsOwnBusAndStillSubscribesAndStartsIt() {
    EventBus own = EventBus.builder().source("urn:own").build();
    runner
        .withBean(EventBus.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasSingleBean(EventBus.class);
              assertThat(context.getBean(EventBus.class)).isSameAs(own);
              assertThat(own.subscriptions())
                  .extracting(Subscription::topic)
                  .containsExactly("pings-topic");
              assertThat(context.getBean(EventBusLifecycle.class).isRunning()).isTrue();
            });
  }

  @Test
  void environmentVariablesSetKnownKeysAboveTheApplicationsProperties() {
    runner
        .withPropertyValues("eventbus.source=urn:from-properties")
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-environment",
                            Map.of(
                                "EVENTBUS_SOURCE", "urn:from-environment",
                                "EVENTBUS_PUBLISH_MAX_PENDING", "0"))))
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessage(
                        "Invalid configuration 'eventbus.publish.max-pending' = '0': expected an"
                            + " integer from 1 to 1000000"));
    runner
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-environment", Map.of("EVENTBUS_SOURCE", "urn:from-environment"))))
        .withPropertyValues("eventbus.source=urn:from-properties")
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              Event<?> sent = bus.publish("pings-topic", new Ping("p-2")).join();
              assertThat(sent.source()).isEqualTo("urn:from-environment");
            });
  }

  @Test
  void buildsTheBusFromThePropertiesThenTheCustomizers() {
    runner
        .withPropertyValues("eventbus.source=urn:from-properties", "eventbus.publish.timeout=5s")
        .withBean(EventBusBuilderCustomizer.class, () -> b -> b.source("urn:from-customizer"))
        .run(
            context -> {
              EventBus bus = context.getBean(EventBus.class);
              Event<?> sent = bus.publish("pings-topic", new Ping("p-1")).join();
              assertThat(sent.source()).isEqualTo("urn:from-customizer");
            });
  }
}
