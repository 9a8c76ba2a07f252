package dev.eventbus.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.EventBus;
import dev.eventbus.idempotency.JdbcIdempotencyStore;
import dev.eventbus.spi.Codec;
import dev.eventbus.spi.SettingValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of an {@link EventBus} from the {@code eventbus.*} properties, with the
 * application's {@link MeterRegistry}, {@link ObservationRegistry}, Jackson {@link ObjectMapper}
 * and, for {@code eventbus.idempotency.store=jdbc}, its {@link DataSource}; every bean with {@link
 * dev.eventbus.Subscribe @Subscribe} methods and every {@link dev.eventbus.EventHandler} bean
 * subscribed, and the bus started once the context is refreshed and closed when it stops ({@link
 * EventBusLifecycle}).
 *
 * <p>Backs off from creating the bus when the application defines an {@code EventBus} bean; its
 * handlers are still subscribed to that bus and the lifecycle still starts and closes it.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration",
      "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration",
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
@ConditionalOnClass(EventBus.class)
public class EventBusAutoConfiguration {
  /** Creates the configuration; Spring calls it. */
  public EventBusAutoConfiguration() {}

  /**
   * The bus, built (not started) from the properties and the application's beans.
   *
   * @param environment the environment holding the {@code eventbus.*} properties
   * @param meterRegistry the application's meter registry, if there is one
   * @param observationRegistry the application's observation registry, if there is one
   * @param objectMapper the application's Jackson 2 mapper, if there is exactly one
   * @param dataSource the application's data source, used for {@code
   *     eventbus.idempotency.store=jdbc}
   * @param customizers the application's customizers, in order
   * @return the bus
   * @throws dev.eventbus.ConfigurationException naming the property, its value and what is allowed
   */
  @Bean
  @ConditionalOnMissingBean(EventBus.class)
  public EventBus eventBus(
      ConfigurableEnvironment environment,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<ObservationRegistry> observationRegistry,
      ObjectProvider<ObjectMapper> objectMapper,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<EventBusBuilderCustomizer> customizers) {
    EventBusProperties properties = EventBusProperties.read(environment);
    EventBus.Builder builder = EventBus.builder().configure(properties.busKeys());
    meterRegistry.ifUnique(builder::meterRegistry);
    observationRegistry.ifUnique(builder::observationRegistry);
    objectMapper.ifUnique(mapper -> builder.codec(Codec.json(mapper)));
    SettingValues starter = properties.starter();
    if (StarterSettings.JDBC.equals(starter.get(StarterSettings.IDEMPOTENCY_STORE))) {
      builder.idempotencyStore(jdbcStore(starter, dataSource));
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  private static JdbcIdempotencyStore jdbcStore(
      SettingValues starter, ObjectProvider<DataSource> dataSource) {
    DataSource ds = dataSource.getIfUnique();
    if (ds == null) {
      throw new dev.eventbus.ConfigurationException(
          StarterSettings.TABLE.qualified(StarterSettings.IDEMPOTENCY_STORE.name()),
          StarterSettings.JDBC,
          "memory, or jdbc with exactly one DataSource bean in the application");
    }
    JdbcIdempotencyStore store =
        JdbcIdempotencyStore.builder(ds)
            .table(starter.get(StarterSettings.IDEMPOTENCY_TABLE))
            .build();
    return starter.get(StarterSettings.IDEMPOTENCY_CREATE_TABLE)
        ? store.createTableIfMissing()
        : store;
  }

  /**
   * Subscribes the handler beans once every singleton exists.
   *
   * @return the registrar
   */
  @Bean
  public static SubscribeBeanRegistrar eventBusSubscribeBeanRegistrar() {
    return new SubscribeBeanRegistrar();
  }

  /**
   * Starts the bus after the context is refreshed and closes it on shutdown.
   *
   * @param bus the bus
   * @param environment for the shutdown phase's timeout
   * @return the lifecycle
   */
  @Bean
  public EventBusLifecycle eventBusLifecycle(EventBus bus, ConfigurableEnvironment environment) {
    return new EventBusLifecycle(bus, environment);
  }
}
