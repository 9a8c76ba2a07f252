package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.EventBus;
import dev.eventbus.outbox.Outbox;
import dev.eventbus.outbox.spring.SpringOutbox;
import dev.eventbus.spi.SettingValues;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of the transactional outbox when {@code eventbus-outbox} and spring-jdbc are
 * on the class path and the application has one {@link DataSource}: an {@link Outbox} on that data
 * source and the {@link EventBus}, configured by {@code eventbus.outbox.*} (with the application's
 * {@link MeterRegistry}, the one the bus's meters go to), a {@link SpringOutbox} that writes in the
 * Spring-managed transaction, and {@link OutboxRelayLifecycle}, which starts the relay after the
 * bus and closes it before the bus closes.
 *
 * <p>Backs off from the outbox and its relay's lifecycle when the application defines an {@code
 * Outbox} bean (its relay is then the application's to start), and from the {@code SpringOutbox}
 * when it defines one; {@code eventbus.outbox.enabled=false} turns it all off.
 */
@AutoConfiguration(
    after = EventBusAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
@ConditionalOnClass(
    value = {Outbox.class, EventBus.class},
    name = "org.springframework.jdbc.datasource.DataSourceUtils")
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(EventBus.class)
@ConditionalOnProperty(
    prefix = "eventbus.outbox",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@Import(OutboxAutoConfiguration.StarterOutbox.class)
public class OutboxAutoConfiguration {
  /** Creates the configuration; Spring calls it. */
  public OutboxAutoConfiguration() {}

  /**
   * The {@code SpringOutbox} over the application's outbox.
   *
   * @param outbox the outbox, the starter's or the application's
   * @return the Spring-transaction view of it
   */
  @Bean
  @ConditionalOnMissingBean(SpringOutbox.class)
  @ConditionalOnSingleCandidate(Outbox.class)
  public SpringOutbox springOutbox(Outbox outbox) {
    return new SpringOutbox(outbox);
  }

  /**
   * The starter's outbox and its relay's lifecycle, unless the application has an outbox. Imported,
   * not annotated as a configuration, so that no component scan finds it on its own.
   */
  @ConditionalOnMissingBean(Outbox.class)
  public static class StarterOutbox {
    /** Creates the configuration; Spring calls it. */
    public StarterOutbox() {}

    /**
     * The outbox, built from {@code eventbus.outbox.*}; its tables created first when {@code
     * eventbus.outbox.create-schema=true}. Its relay is not started here.
     *
     * @param dataSource the application's data source, the transaction manager's
     * @param bus the bus whose serializer, checks and broker the outbox uses
     * @param meterRegistry the application's meter registry, if there is exactly one
     * @param environment the environment holding the {@code eventbus.outbox.*} properties
     * @return the outbox
     * @throws dev.eventbus.ConfigurationException naming the invalid property
     */
    @Bean
    public Outbox eventBusOutbox(
        DataSource dataSource,
        EventBus bus,
        ObjectProvider<MeterRegistry> meterRegistry,
        ConfigurableEnvironment environment) {
      SettingValues s = EventBusProperties.read(environment).starter();
      Outbox.Builder builder =
          Outbox.builder(dataSource)
              .table(s.get(StarterSettings.OUTBOX_TABLE))
              .shards(s.get(StarterSettings.OUTBOX_SHARDS))
              .batchSize(s.get(StarterSettings.OUTBOX_BATCH_SIZE))
              .pollInterval(s.get(StarterSettings.OUTBOX_POLL_INTERVAL))
              .leaseDuration(s.get(StarterSettings.OUTBOX_LEASE_DURATION))
              .publishTimeout(s.get(StarterSettings.OUTBOX_PUBLISH_TIMEOUT));
      meterRegistry.ifUnique(builder::meterRegistry);
      Outbox outbox = builder.build(bus);
      return s.get(StarterSettings.OUTBOX_CREATE_SCHEMA) ? outbox.createSchema() : outbox;
    }

    /**
     * Starts the outbox's relay after the bus and closes it before the bus closes; does not start
     * it when {@code eventbus.outbox.relay.enabled=false}.
     *
     * @param outbox the starter's outbox
     * @param environment the environment holding {@code eventbus.outbox.relay.enabled}
     * @return the lifecycle
     */
    @Bean
    public OutboxRelayLifecycle eventBusOutboxRelayLifecycle(
        Outbox outbox, ConfigurableEnvironment environment) {
      SettingValues s = EventBusProperties.read(environment).starter();
      return new OutboxRelayLifecycle(outbox, s.get(StarterSettings.OUTBOX_RELAY_ENABLED));
    }
  }
}
