package dev.eventbus.spi;

import java.util.Map;

/**
 * Creates a broker from flat configuration, so that moving from one broker to another is a change
 * of configuration. Found through {@link java.util.ServiceLoader}: an adapter lists its provider in
 * {@code META-INF/services/dev.eventbus.spi.BrokerProvider}.
 */
public interface BrokerProvider {
  /**
   * The name that selects this provider in {@code eventbus.broker}: {@code memory}, {@code kafka},
   * {@code rabbitmq}, {@code eventbridge}.
   *
   * @return the name
   */
  String name();

  /**
   * Creates a broker, validating the configuration.
   *
   * @param config the keys under {@code eventbus.<name>.}, with that prefix removed
   * @return a new, not yet started broker
   * @throws dev.eventbus.ConfigurationException naming the key, value and what is allowed
   */
  Broker create(Map<String, String> config);

  /**
   * The provider's configuration keys as typed rows: what {@link #create} accepts, with each key's
   * type, default, allowed values, documentation and secrecy. The reference documentation is
   * generated from them ({@link SettingTable#describe()}), and tools that describe configuration
   * (IDE metadata, for instance) read them. Thread-safe; the table is immutable.
   *
   * @return the rows under {@code eventbus.<name>.}; none by default
   */
  default SettingTable settings() {
    return new SettingTable("eventbus." + name() + ".", java.util.List.of());
  }
}
