package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.Settings.BUS_CHARS;
import static dev.eventbus.eventbridge.internal.Settings.QUEUE_CHARS;
import static dev.eventbus.eventbridge.internal.Settings.RULE_CHARS;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.TopicMapping;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * The names of the AWS resources behind topics and groups, and the event pattern of a group's rule.
 * Names keep the topic and group readable; characters AWS does not allow become {@code _}, and a
 * short hash is appended whenever a name had to be changed or shortened, so that two different
 * (topic, group) pairs never share a queue. Thread-safe.
 */
public final class Names {
  private static final int MAX_NAME = 256;
  private static final String SEPARATOR = "__";
  private static final String DLQ_SUFFIX = "-dlq";
  private static final String FIFO_SUFFIX = ".fifo";
  private static final int MAX_QUEUE_BASE = 80 - DLQ_SUFFIX.length() - FIFO_SUFFIX.length();

  private final Settings settings;
  private final boolean topicIsSource;
  private final String queueSuffix;
  private final Map<String, String> buses = new ConcurrentHashMap<>(); // by topic

  /**
   * EventBridge's rule for names, the broker's {@code validateNames}: a topic and a group are 1 to
   * 256 characters without control characters (U+0000 to U+001F, U+007F). A topic is the events'
   * {@code source} (at most 256 characters) or names a bus; what AWS does not allow in a resource
   * name is mapped by this class, so nothing else is refused.
   *
   * @throws ConfigurationException naming the name as given and the rule
   */
  public static void validate(String topic, String group) {
    check("topic", topic);
    if (group != null) {
      check("group", group);
    }
  }

  private static void check(String key, String name) {
    boolean control = name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    if (name.isEmpty() || name.length() > MAX_NAME || control) {
      throw new ConfigurationException(
          key, name, "an EventBridge " + key + " name: 1 to 256 characters, no control characters");
    }
  }

  Names(Settings settings) {
    this.settings = settings;
    this.topicIsSource = settings.get(Settings.TOPIC_MAPPING) == TopicMapping.SOURCE;
    this.queueSuffix = settings.fifo() ? FIFO_SUFFIX : "";
  }

  /** A topic's bus, worked out once per topic, as every publish asks. */
  String busName(String topic) {
    return buses.computeIfAbsent(topic, this::newBusName);
  }

  private String newBusName(String topic) {
    String own = settings.get(Settings.BUS_PREFIX) + topic;
    return topicIsSource ? settings.get(Settings.EVENT_BUS_NAME) : fit(own, own, BUS_CHARS, 256);
  }

  /** The EventBridge {@code source} of a topic's event, given its CloudEvents source or null. */
  String source(String topic, String cloudEventsSource) {
    boolean none = cloudEventsSource == null || cloudEventsSource.isEmpty();
    return topicIsSource ? topic : none ? "eventbus" : cloudEventsSource;
  }

  /** A group's rule's pattern: the topic's source on the shared bus, or all of the topic's bus. */
  String eventPattern(String topic) {
    String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(topic));
    return topicIsSource ? "{\"source\":[\"" + quoted + "\"]}" : "{\"source\":[{\"prefix\":\"\"}]}";
  }

  String ruleName(String topic, String group) {
    String name = settings.get(Settings.RULE_PREFIX) + topic + SEPARATOR + group;
    return fit(name, topic + '\u0000' + group, RULE_CHARS, 64);
  }

  String queueName(String topic, String group) {
    return queueBase(topic, group) + queueSuffix;
  }

  String deadLetterQueueName(String topic, String group) {
    return queueBase(topic, group) + DLQ_SUFFIX + queueSuffix;
  }

  private String queueBase(String topic, String group) {
    String name = settings.get(Settings.QUEUE_PREFIX) + topic + SEPARATOR + group;
    return fit(name, topic + '\u0000' + group, QUEUE_CHARS, MAX_QUEUE_BASE);
  }

  /** The name as it is if AWS takes it unambiguously, else cleaned, shortened and hashed. */
  private static String fit(String name, String identity, String allowed, int max) {
    String clean = name.replaceAll("[^" + allowed.substring(1), "_");
    int separator = name.indexOf(SEPARATOR);
    boolean ambiguous = separator >= 0 && name.indexOf(SEPARATOR, separator + 1) >= 0;
    if (clean.equals(name) && clean.length() <= max && !ambiguous) {
      return clean;
    }
    CRC32 crc = new CRC32();
    crc.update(identity.getBytes(StandardCharsets.UTF_8));
    String hash = String.format("%08x", crc.getValue());
    return clean.substring(0, Math.min(clean.length(), max - hash.length() - 1)) + "-" + hash;
  }
}
