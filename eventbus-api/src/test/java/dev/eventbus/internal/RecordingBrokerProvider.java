package dev.eventbus.internal;

import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import dev.eventbus.spi.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A broker provider named {@code recording} for the tests of configuration sources: checks its keys
 * with its table as every adapter does, remembers the keys it was given, and builds an in-memory
 * broker.
 */
public final class RecordingBrokerProvider implements BrokerProvider {
  static final SettingTable TABLE =
      new SettingTable(
          "eventbus.recording.",
          List.of(
              Setting.of("host", Setting.STRING).defaultValue("localhost").doc("Host.").build(),
              Setting.of("port", Setting.INT)
                  .defaultValue(5672)
                  .check(Setting.Check.range(1, 65_535))
                  .doc("Port.")
                  .build(),
              Setting.of("password", Setting.STRING)
                  .secret()
                  .check(v -> v.length() >= 8, "a password of at least 8 characters")
                  .doc("Password.")
                  .build(),
              Setting.duration(
                      "connection-timeout",
                      Duration.ofSeconds(10),
                      Duration.ofMillis(1),
                      Duration.ofMinutes(1))
                  .doc("Connection timeout.")
                  .build(),
              Setting.of("client.<property>", Setting.STRING)
                  .secretWhen(name -> name.contains("password"))
                  .doc("Client properties.")
                  .build()));

  private static volatile Map<String, String> lastConfig;

  /** For {@link java.util.ServiceLoader}. */
  public RecordingBrokerProvider() {}

  /** {@return the keys the last broker was created with} */
  static Map<String, String> lastConfig() {
    return lastConfig;
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public Broker create(Map<String, String> config) {
    SettingValues values = TABLE.values();
    TABLE.apply(config, values);
    TABLE.validate(values);
    lastConfig = Map.copyOf(config);
    return InMemoryBroker.create();
  }

  @Override
  public SettingTable settings() {
    return TABLE;
  }
}
