package dev.eventbus.rabbitmq;

import dev.eventbus.rabbitmq.internal.ConfigTable;
import dev.eventbus.rabbitmq.internal.Settings;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.SettingTable;
import java.net.URI;
import java.util.Map;

/**
 * Creates a {@link RabbitMqBroker} from the keys under {@code eventbus.rabbitmq.} when {@code
 * eventbus.broker=rabbitmq}. Found through {@link java.util.ServiceLoader}.
 *
 * <p>The keys, their types and defaults are listed once, in the adapter's configuration table
 * ({@link #settings()}), in kebab-case ({@code ack-batch-size}); the camelCase spellings of earlier
 * releases ({@code ackBatchSize}) still work, with a deprecation warning. An unknown key or an
 * invalid value fails with a {@link dev.eventbus.ConfigurationException} naming it as written;
 * secret values are never echoed.
 *
 * <p>Stateless and thread-safe.
 */
public final class RabbitMqBrokerProvider implements BrokerProvider {
  /** For {@link java.util.ServiceLoader}. */
  public RabbitMqBrokerProvider() {}

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public Broker create(Map<String, String> config) {
    RabbitMqBroker.Builder builder = RabbitMqBroker.builder();
    ConfigTable.TABLE.apply(config, builder.values());
    // The URI's parts fill in what the other keys do not set.
    URI uri = builder.values().get(ConfigTable.URI_SETTING);
    if (uri != null) {
      Settings.applyUri(uri, builder.values(), false);
    }
    return builder.build();
  }

  @Override
  public SettingTable settings() {
    return ConfigTable.TABLE;
  }

  /**
   * The configuration reference, generated from the rows.
   *
   * @return a Markdown table: key, type, default, what is allowed and meaning
   * @deprecated every provider hands out its rows the same way: use {@code settings().describe()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static String describeKeys() {
    return ConfigTable.TABLE.describe();
  }
}
