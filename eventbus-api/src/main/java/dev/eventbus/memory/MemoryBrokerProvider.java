package dev.eventbus.memory;

import dev.eventbus.ConfigurationException;
import dev.eventbus.internal.Durations;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import java.util.Map;

/**
 * {@link BrokerProvider} named {@code memory}. Keys (under {@code eventbus.memory.}): {@code mode}
 * ({@code by-reference} or {@code encoded}), {@code partitions}, {@code max-queued-per-group},
 * {@code retained-events}, {@code max-message-bytes}, {@code max-dead-letters}, {@code
 * send-timeout}.
 */
public final class MemoryBrokerProvider implements BrokerProvider {
  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public MemoryBrokerProvider() {}

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Broker create(Map<String, String> config) {
    InMemoryBroker.Builder b = InMemoryBroker.builder();
    for (Map.Entry<String, String> e : config.entrySet()) {
      String key = "eventbus.memory." + e.getKey();
      String v = e.getValue();
      switch (e.getKey()) {
        case "partitions" -> b.partitions(integer(key, v));
        case "max-queued-per-group" -> b.maxQueuedPerGroup(integer(key, v));
        case "retained-events" -> b.retainedEvents(integer(key, v));
        case "max-message-bytes" -> b.maxMessageBytes(integer(key, v));
        case "max-dead-letters" -> b.maxDeadLetters(integer(key, v));
        case "send-timeout" -> b.sendTimeout(Durations.parse(key, v));
        case "mode" -> b.mode(mode(key, v));
        default ->
            throw new ConfigurationException(
                key,
                "<not shown>",
                "one of mode, partitions, max-queued-per-group, retained-events, "
                    + "max-message-bytes, max-dead-letters, send-timeout");
      }
    }
    return b.build();
  }

  private static InMemoryBroker.Mode mode(String key, String value) {
    return switch (value.trim()) {
      case "by-reference" -> InMemoryBroker.Mode.BY_REFERENCE;
      case "encoded" -> InMemoryBroker.Mode.ENCODED;
      default -> throw new ConfigurationException(key, value, "by-reference or encoded");
    };
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key, value, "an integer");
    }
  }
}
