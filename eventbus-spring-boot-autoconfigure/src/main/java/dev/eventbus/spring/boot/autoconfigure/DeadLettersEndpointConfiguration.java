package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.EventBus;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link DeadLettersEndpoint} when the actuator is on the class path, on Spring Boot 3 and 4
 * alike (the endpoint annotations did not move).
 */
@AutoConfiguration(after = EventBusAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(EventBus.class)
public class DeadLettersEndpointConfiguration {
  /** Creates the configuration; Spring calls it. */
  public DeadLettersEndpointConfiguration() {}

  /**
   * The endpoint.
   *
   * @param bus the bus
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  public DeadLettersEndpoint eventBusDeadLettersEndpoint(EventBus bus) {
    return new DeadLettersEndpoint(bus);
  }
}
