package dev.eventbus.spi;

import java.time.Duration;

/**
 * The rows of the publish buffer and publish timeout that adapters once had of their own: the bus's
 * window ({@code eventbus.publish.max-pending}) and its timeout ({@code eventbus.publish.timeout})
 * are now the only bound, and these keys have no effect. They still parse, with their old ranges,
 * and log one deprecation warning, so that existing configuration keeps working for a release.
 * Immutable rows; thread-safe.
 */
public final class RetiredPublishSettings {
  private RetiredPublishSettings() {}

  /**
   * The {@code publish-buffer} row: publishes waiting in the adapter, at most (1 to 1,000,000,
   * default 10,000).
   *
   * @param waitingFor what the publishes waited for, as in "publishes waiting for ..."
   * @return a deprecated row without effect
   */
  public static Setting<Integer> buffer(String waitingFor) {
    return Setting.of("publish-buffer", Setting.INT)
        .defaultValue(10_000)
        .check(Setting.Check.range(1, 1_000_000))
        .deprecated(
            "no effect; the bus's eventbus.publish.max-pending bounds the publishes waiting for "
                + waitingFor
                + ".")
        .doc("Publishes waiting for " + waitingFor + ", at most.")
        .build();
  }

  /**
   * The {@code publish-timeout} row: how long a publish may take in the adapter (1 ms to 1 h,
   * default 30 s).
   *
   * @param bounds what the timeout bounded, as in "how long a publish may ..."
   * @return a deprecated row without effect
   */
  public static Setting<Duration> timeout(String bounds) {
    return Setting.of("publish-timeout", Setting.DURATION)
        .defaultValue(Duration.ofSeconds(30))
        .check(Setting.Check.range(Duration.ofMillis(1), Duration.ofHours(1)))
        .deprecated(
            "no effect; the bus's eventbus.publish.timeout bounds how long a publish may "
                + bounds
                + ".")
        .doc("How long a publish may " + bounds + " before it fails.")
        .build();
  }
}
