package dev.eventbus.memory;

import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import dev.eventbus.spi.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link BrokerProvider} named {@code memory}: the in-memory broker's keys (under {@code
 * eventbus.memory.}) as typed rows, which {@link InMemoryBroker.Builder} checks its values with
 * too. {@link #settings()} is the reference table of {@code docs/configuration.md}.
 */
public final class MemoryBrokerProvider implements BrokerProvider {
  private static final Setting.Type<InMemoryBroker.Mode> MODE_TYPE =
      Setting.Type.of(
          "by-reference or encoded",
          "by-reference or encoded",
          MemoryBrokerProvider::mode,
          m -> m.name().toLowerCase(Locale.ROOT).replace('_', '-'));

  static final Setting<InMemoryBroker.Mode> MODE =
      Setting.of("mode", MODE_TYPE)
          .defaultValue(InMemoryBroker.DEFAULT_MODE)
          .doc(
              "`mode`: `by-reference` (the `Event` object is handed to handlers, nothing encoded, no"
                  + " size limit; payloads must be immutable) or `encoded` (every event takes the"
                  + " codec's round trip, as on a real broker; the testkit harness's default).")
          .build();
  static final Setting<Integer> PARTITIONS =
      Setting.of("partitions", Setting.INT)
          .defaultValue(InMemoryBroker.DEFAULT_PARTITIONS)
          .check(Setting.Check.range(1, 1024))
          .doc("`partitions`: partitions per topic, the most instances of one group that get work.")
          .build();
  static final Setting<Integer> MAX_QUEUED_PER_GROUP =
      Setting.of("max-queued-per-group", Setting.INT)
          .defaultValue(InMemoryBroker.DEFAULT_MAX_QUEUED_PER_GROUP)
          .check(Setting.Check.range(1, 10_000_000))
          .doc("`maxQueuedPerGroup`: unsettled events per group, at most.")
          .build();
  static final Setting<Integer> RETAINED_EVENTS =
      Setting.of("retained-events", Setting.INT)
          .defaultValue(InMemoryBroker.DEFAULT_RETAINED_EVENTS)
          .check(Setting.Check.range(0, 10_000_000))
          .doc(
              "`retainedEvents`: events kept per topic for groups starting at EARLIEST; 0: no replay.")
          .build();
  static final Setting<Long> MAX_MESSAGE_BYTES =
      Setting.of("max-message-bytes", Setting.LONG)
          .defaultValue(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES)
          .check(Setting.Check.range(1024L, 1L << 30))
          .doc("`maxMessageBytes`: largest message in bytes; applies to encoded messages only.")
          .build();
  static final Setting<Integer> MAX_DEAD_LETTERS =
      Setting.of("max-dead-letters", Setting.INT)
          .defaultValue(InMemoryBroker.DEFAULT_MAX_DEAD_LETTERS)
          .check(Setting.Check.range(1, 10_000_000))
          .doc("`maxDeadLetters`: dead letters per group, at most.")
          .build();
  static final Setting<Duration> SEND_TIMEOUT =
      Setting.of("send-timeout", Setting.DURATION)
          .defaultValue(InMemoryBroker.DEFAULT_SEND_TIMEOUT)
          .check(Setting.Check.range(Duration.ZERO, Duration.ofMinutes(10)))
          .doc("`sendTimeout`: how long a publish into a full group waits before failing.")
          .build();

  /** Every key, in documentation order. */
  static final SettingTable TABLE =
      new SettingTable(
          "eventbus.memory.",
          List.of(
              MODE,
              PARTITIONS,
              MAX_QUEUED_PER_GROUP,
              RETAINED_EVENTS,
              MAX_MESSAGE_BYTES,
              MAX_DEAD_LETTERS,
              SEND_TIMEOUT));

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public MemoryBrokerProvider() {}

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Broker create(Map<String, String> config) {
    SettingValues v = TABLE.values();
    TABLE.apply(config, v);
    return InMemoryBroker.builder()
        .mode(v.get(MODE))
        .partitions(v.get(PARTITIONS))
        .maxQueuedPerGroup(v.get(MAX_QUEUED_PER_GROUP))
        .retainedEvents(v.get(RETAINED_EVENTS))
        .maxMessageBytes(v.get(MAX_MESSAGE_BYTES))
        .maxDeadLetters(v.get(MAX_DEAD_LETTERS))
        .sendTimeout(v.get(SEND_TIMEOUT))
        .build();
  }

  @Override
  public SettingTable settings() {
    return TABLE;
  }

  /**
   * The configuration reference, generated from the rows.
   *
   * @return a Markdown table: key, type, default, what is allowed and meaning
   * @deprecated every provider hands out its rows the same way: use {@code settings().describe()}
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static String describeKeys() {
    return TABLE.describe();
  }

  private static InMemoryBroker.Mode mode(String value) {
    return switch (value) {
      case "by-reference" -> InMemoryBroker.Mode.BY_REFERENCE;
      case "encoded" -> InMemoryBroker.Mode.ENCODED;
      default -> throw new ConfigKeys.InvalidValueException("by-reference or encoded");
    };
  }
}
