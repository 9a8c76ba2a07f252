package dev.eventbus.internal;

import dev.eventbus.EventBus;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * The bus's own configuration keys (under {@code eventbus.}) as typed rows: the builder's setters
 * check values with them and {@link DefaultEventBusBuilder#configure} parses flat configuration
 * with them; {@code docs/configuration.md} shows {@link #TABLE}'s generated reference.
 */
public final class BusSettings {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  /** The broker provider's name. */
  public static final Setting<String> BROKER =
      Setting.of("broker", Setting.STRING)
          .defaultText("in-memory broker")
          .check(Setting.Check.nonBlank("the name of a broker provider on the class path"))
          .doc(
              "`broker(name, config)`: the `BrokerProvider` of this name builds the broker from the"
                  + " keys under `eventbus.<name>.`; `broker(Broker)` gives one directly.")
          .build();

  /** The CloudEvents source of published events. */
  public static final Setting<String> SOURCE =
      Setting.of("source", Setting.STRING)
          .defaultValue("urn:eventbus:local")
          .check(new Setting.Check<>(BusSettings::isUriReference, "a non-blank URI-reference"))
          .doc("`source(String)`: the CloudEvents `source` of the events this bus publishes.")
          .build();

  /** How long a publish may wait for room and the broker's acceptance. */
  public static final Setting<Duration> PUBLISH_TIMEOUT =
      Setting.of("publish.timeout", Setting.DURATION)
          .defaultValue(EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT)
          .check(Setting.Check.range(Duration.ZERO, TEN_MINUTES))
          .doc(
              "`publishTimeout(Duration)`: how long a publish may wait for room among the pending"
                  + " publishes and for the broker's acceptance before its future fails.")
          .build();

  /** Publishes awaiting the broker's acceptance, at most. */
  public static final Setting<Integer> MAX_PENDING_PUBLISHES =
      Setting.of("publish.max-pending", Setting.INT)
          .defaultValue(EventBus.Builder.DEFAULT_MAX_PENDING_PUBLISHES)
          .check(Setting.Check.range(1, 1_000_000))
          .doc(
              "`maxPendingPublishes(int)`: publishes awaiting the broker's acceptance, at most; a"
                  + " publish into a full window waits up to the publish timeout.")
          .build();

  /** How long close waits for running handlers. */
  public static final Setting<Duration> CLOSE_TIMEOUT =
      Setting.of("close.timeout", Setting.DURATION)
          .defaultValue(EventBus.Builder.DEFAULT_CLOSE_TIMEOUT)
          .check(Setting.Check.range(Duration.ZERO, TEN_MINUTES))
          .doc(
              "`closeTimeout(Duration)`: how long `close()` waits for running handlers and pending"
                  + " publishes.")
          .build();

  /** How often the dead-letter gauge asks the broker again. */
  public static final Setting<Duration> DEAD_LETTER_DEPTH_REFRESH =
      Setting.of("metrics.dead-letter-refresh", Setting.DURATION)
          .defaultValue(EventBus.Builder.DEFAULT_DEAD_LETTER_DEPTH_REFRESH)
          // at 0 every scrape would ask the broker again
          .check(Setting.Check.range(Duration.ofMillis(10), TEN_MINUTES))
          .doc(
              "`deadLetterDepthRefresh(Duration)`: how often the `eventbus.dead.letters` gauge asks"
                  + " the broker again.")
          .build();

  /** Every key of the bus, in documentation order. */
  public static final SettingTable TABLE =
      new SettingTable(
          "eventbus.",
          List.of(
              BROKER,
              SOURCE,
              PUBLISH_TIMEOUT,
              MAX_PENDING_PUBLISHES,
              CLOSE_TIMEOUT,
              DEAD_LETTER_DEPTH_REFRESH));

  private BusSettings() {}

  /** Whether a text is a URI-reference (RFC 3986), as CloudEvents requires of {@code source}. */
  private static boolean isUriReference(String text) {
    if (text.isBlank()) {
      return false;
    }
    try {
      new URI(text);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
