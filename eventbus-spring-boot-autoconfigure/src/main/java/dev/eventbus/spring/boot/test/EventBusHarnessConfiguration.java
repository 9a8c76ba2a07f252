package dev.eventbus.spring.boot.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.EventBus;
import dev.eventbus.spi.Codec;
import dev.eventbus.spring.boot.autoconfigure.EventBusAutoConfiguration;
import dev.eventbus.spring.boot.autoconfigure.EventBusBuilderCustomizer;
import dev.eventbus.spring.boot.autoconfigure.EventBusProperties;
import dev.eventbus.testkit.EventBusHarness;
import dev.eventbus.testkit.VirtualClock;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * What {@link EventBusTest @EventBusTest} adds to the context: an {@link EventBusHarness} (started
 * when created, closed with the context), its bus as the {@code EventBus} bean, so that the
 * starter's own bus backs off, and its {@link VirtualClock}. Not in the auto-configuration list:
 * only the annotation imports it.
 */
@AutoConfiguration(before = EventBusAutoConfiguration.class)
public class EventBusHarnessConfiguration {
  /** Creates the configuration; Spring calls it. */
  public EventBusHarnessConfiguration() {}

  /**
   * The harness: the in-memory broker, encoded, on a virtual clock, with the application's {@code
   * eventbus.*} properties (a broker named there is not used: the harness gives its own), meter
   * registry, JSON mapper and customizers.
   *
   * @param environment the test's environment
   * @param meterRegistry the application's meter registry, if any
   * @param objectMapper the application's Jackson 2 mapper, if there is exactly one
   * @param customizers the application's customizers
   * @return the started harness
   */
  @Bean(destroyMethod = "close")
  public EventBusHarness eventBusHarness(
      ConfigurableEnvironment environment,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<ObjectMapper> objectMapper,
      ObjectProvider<EventBusBuilderCustomizer> customizers) {
    Map<String, String> keys = EventBusProperties.read(environment).busKeys();
    return EventBusHarness.builder()
        .configure(
            builder -> {
              builder.configure(keys);
              meterRegistry.ifUnique(builder::meterRegistry);
              objectMapper.ifUnique(mapper -> builder.codec(Codec.json(mapper)));
              customizers.orderedStream().forEach(c -> c.customize(builder));
            })
        .build();
  }

  /**
   * The harness's bus.
   *
   * @param harness the harness
   * @return its bus, closed by the harness
   */
  @Bean(destroyMethod = "")
  public EventBus eventBus(EventBusHarness harness) {
    return harness.bus();
  }

  /**
   * The harness's clock, for tests that move time themselves.
   *
   * @param harness the harness
   * @return its clock
   */
  @Bean(destroyMethod = "")
  public VirtualClock eventBusVirtualClock(EventBusHarness harness) {
    return harness.clock();
  }
}
