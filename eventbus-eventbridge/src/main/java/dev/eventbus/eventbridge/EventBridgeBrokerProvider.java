package dev.eventbus.eventbridge;

import dev.eventbus.eventbridge.internal.Settings;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.SettingTable;
import java.util.Map;

/**
 * {@link BrokerProvider} named {@code eventbridge}: builds an {@link EventBridgeBroker} from the
 * keys under {@code eventbus.eventbridge.} ({@link #settings()}, the table of docs/eventbridge.md),
 * rejecting unknown keys. Thread-safe.
 */
public final class EventBridgeBrokerProvider implements BrokerProvider {
  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public EventBridgeBrokerProvider() {}

  @Override
  public String name() {
    return "eventbridge";
  }

  @Override
  public Broker create(Map<String, String> config) {
    EventBridgeBroker.Builder builder = EventBridgeBroker.builder();
    Settings.TABLE.apply(config, builder.values());
    return builder.build();
  }

  @Override
  public SettingTable settings() {
    return Settings.TABLE;
  }
}
