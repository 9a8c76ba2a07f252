package dev.eventbus.kafka;

import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import java.util.Map;

/**
 * Creates a {@link KafkaBroker} from configuration: {@code eventbus.broker=kafka} and the keys of
 * {@link KafkaBrokerConfig} under {@code eventbus.kafka.}. Found by {@link
 * java.util.ServiceLoader}. Stateless and thread-safe.
 */
public final class KafkaBrokerProvider implements BrokerProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public KafkaBrokerProvider() {}

  @Override
  public String name() {
    return KafkaBroker.NAME;
  }

  /**
   * Builds a broker from the keys of {@link KafkaBrokerConfig}.
   *
   * @throws dev.eventbus.ConfigurationException for an unknown key or an invalid value
   */
  @Override
  public Broker create(Map<String, String> config) {
    return KafkaBrokerConfig.toBroker(config);
  }
}
