package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.EventBus;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * The health contributor {@code eventbus} on Spring Boot 4, whose health API moved to {@code
 * org.springframework.boot.health.contributor}; {@link Boot3HealthConfiguration} serves Spring Boot
 * 3. The same details on both.
 */
@AutoConfiguration(after = EventBusAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
@ConditionalOnBean(EventBus.class)
public class Boot4HealthConfiguration {
  /** Creates the configuration; Spring calls it. */
  public Boot4HealthConfiguration() {}

  /**
   * The contributor; its bean name gives the name {@code eventbus}.
   *
   * @param bus the bus
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "eventbusHealthIndicator")
  public Indicator eventbusHealthIndicator(EventBus bus) {
    return new Indicator(bus);
  }

  /**
   * UP when {@link EventBus#health()} is UP, DOWN otherwise, with the broker and every subscription
   * as details. Cheap: the bus's health does no network I/O.
   */
  public static final class Indicator extends AbstractHealthIndicator {
    private final EventBus bus;

    Indicator(EventBus bus) {
      super("eventbus health check failed");
      this.bus = bus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
      dev.eventbus.BusHealth health = bus.health();
      (HealthDetails.up(health) ? builder.up() : builder.down())
          .withDetails(HealthDetails.of(health));
    }
  }
}
