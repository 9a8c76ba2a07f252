package dev.eventbus.spi;

import java.util.Objects;

/**
 * What the core asks of a broker subscription.
 *
 * @param topic the topic to consume
 * @param group the group (subscription) name; instances with the same group compete
 * @param maxInFlight the most deliveries that may be given to the listener and not yet settled; the
 *     adapter enforces it with its broker's flow control (prefetch, pause, receive size)
 * @param startPosition where a group new to the topic starts
 * @param orderedByKey whether the application asked for per-key order in this group
 */
public record ConsumerSpec(
    String topic,
    String group,
    int maxInFlight,
    StartPosition startPosition,
    boolean orderedByKey) {
  /** Validates the fields. */
  public ConsumerSpec {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(startPosition, "startPosition");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
  }
}
