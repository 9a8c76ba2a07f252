package dev.eventbus.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.OutboxDialect;
import dev.eventbus.outbox.RelayState;
import dev.eventbus.outbox.spring.SpringOutbox;
import dev.eventbus.spi.SettingValues;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** When the starter wires the outbox, and when it leaves it to the application. */
class OutboxAutoConfigurationTest {
  private static final String URL =
      System.getenv()
          .getOrDefault(
              "EVENTBUS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(EventBusAutoConfiguration.class, OutboxAutoConfiguration.class))
          .withBean(DataSource.class, () -> new DriverManagerDataSource(URL));

  @Test
  void withADataSourceTheStarterBuildsTheOutboxAndItsSpringViewWithTheDefaults() {
    runner
        .withPropertyValues("eventbus.outbox.relay.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(Outbox.class).hasSingleBean(SpringOutbox.class);
              Outbox outbox = context.getBean(Outbox.class);
              assertThat(outbox.table()).isEqualTo(Outbox.DEFAULT_TABLE);
              assertThat(outbox.dialect()).isEqualTo(OutboxDialect.POSTGRESQL);
              assertThat(context.getBean(SpringOutbox.class).outbox()).isSameAs(outbox);
              // relay.enabled=false: a process that only writes rows runs no relay
              assertThat(outbox.relay().state()).isEqualTo(RelayState.NOT_STARTED);
              assertThat(context.getBean(EventBus.class).health().components()).isEmpty();
            });
  }

  @Test
  void theStartersDefaultsAreTheOutboxBuildersDefaults() {
    SettingValues defaults = StarterSettings.TABLE.values();
    assertThat(defaults.get(StarterSettings.OUTBOX_TABLE)).isEqualTo(Outbox.DEFAULT_TABLE);
    assertThat(defaults.get(StarterSettings.OUTBOX_SHARDS)).isEqualTo(Outbox.DEFAULT_SHARDS);
    assertThat(defaults.get(StarterSettings.OUTBOX_BATCH_SIZE))
        .isEqualTo(Outbox.DEFAULT_BATCH_SIZE);
    assertThat(defaults.get(StarterSettings.OUTBOX_POLL_INTERVAL))
        .isEqualTo(Outbox.DEFAULT_POLL_INTERVAL);
    assertThat(defaults.get(StarterSettings.OUTBOX_LEASE_DURATION))
        .isEqualTo(Outbox.DEFAULT_LEASE_DURATION);
    assertThat(defaults.get(StarterSettings.OUTBOX_PUBLISH_TIMEOUT))
        .isEqualTo(Outbox.DEFAULT_PUBLISH_TIMEOUT);
    assertThat(OutboxRelayLifecycle.PHASE).isGreaterThan(EventBusLifecycle.PHASE);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnOutbox {
    @Bean
    Outbox ownOutbox(DataSource dataSource, EventBus bus) {
      return Outbox.builder(dataSource).table("own_outbox").build(bus);
    }
  }

  @Test
  void backsOffFromTheApplicationsOwnOutboxAndWrapsItInASpringOutbox() {
    runner
        .withUserConfiguration(OwnOutbox.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Outbox.class).hasSingleBean(SpringOutbox.class);
              Outbox own = context.getBean(Outbox.class);
              assertThat(own.table()).isEqualTo("own_outbox");
              assertThat(context.getBean(SpringOutbox.class).outbox()).isSameAs(own);
              // its relay is the application's to start
              assertThat(context).doesNotHaveBean(OutboxRelayLifecycle.class);
              assertThat(own.relay().state()).isEqualTo(RelayState.NOT_STARTED);
            });
  }

  @Test
  void disabledItWiresNothing() {
    runner
        .withPropertyValues("eventbus.outbox.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(Outbox.class)
                    .doesNotHaveBean(SpringOutbox.class)
                    .doesNotHaveBean(OutboxRelayLifecycle.class));
  }

  @Test
  void withoutADataSourceItWiresNothing() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(EventBusAutoConfiguration.class, OutboxAutoConfiguration.class))
        .run(
            context ->
                assertThat(context).hasSingleBean(EventBus.class).doesNotHaveBean(Outbox.class));
  }
}
