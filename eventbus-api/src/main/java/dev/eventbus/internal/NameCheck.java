package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.Broker;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks topic and group names against the broker's rule ({@link Broker#validateNames}) first in
 * every subscribe and publish, before and after start. A publish to a topic accepted before costs
 * one set lookup: the publish path never runs a broker's rule twice for a topic. Thread-safe.
 */
final class NameCheck {
  // Bounds the memory of a bus that publishes to unboundedly many topics; past it, unknown topics
  // are checked on every publish, which stays correct.
  private static final int MAX_KNOWN_TOPICS = 10_000;

  private final Broker broker;
  private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

  NameCheck(Broker broker) {
    this.broker = broker;
  }

  /** Checks a topic to publish to. */
  void topic(String topic) {
    if (topic != null && knownTopics.contains(topic)) {
      return;
    }
    if (topic == null || topic.isBlank()) {
      throw new ConfigurationException("topic", topic, "a non-blank topic name");
    }
    broker.validateNames(topic, null);
    remember(topic);
  }

  /** Checks the topic and group of a subscription. */
  void subscription(String topic, String group) {
    if (topic == null || topic.isBlank()) {
      throw new ConfigurationException("subscribe.topic", topic, "a non-blank topic name");
    }
    if (group == null || group.isBlank()) {
      throw new ConfigurationException("subscribe.group", group, "a non-blank group name");
    }
    broker.validateNames(topic, null);
    broker.validateNames(topic, group);
    remember(topic);
  }

  private void remember(String topic) {
    if (knownTopics.size() < MAX_KNOWN_TOPICS) {
      knownTopics.add(topic);
    }
  }
}
