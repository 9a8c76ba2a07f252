package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.ConfigTable.BUS_PREFIX;
import static dev.eventbus.eventbridge.internal.ConfigTable.EVENT_BUS_NAME;
import static dev.eventbus.eventbridge.internal.ConfigTable.QUEUE_PREFIX;
import static dev.eventbus.eventbridge.internal.ConfigTable.RULE_PREFIX;
import static dev.eventbus.eventbridge.internal.ConfigTable.TOPIC_MAPPING;

import dev.eventbus.eventbridge.TopicMapping;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The names of the AWS resources behind topics and groups, and the event pattern of a group's rule.
 * Names keep the topic and group readable; characters AWS does not allow become {@code _}, and a
 * short hash is appended whenever a name had to be changed or shortened, so that two different
 * (topic, group) pairs never share a queue. Thread-safe (immutable).
 */
final class Names {
  /** The separator between topic and group in queue and rule names. */
  static final String SEPARATOR = "__";

  private static final String DLQ_SUFFIX = "-dlq";
  private static final String FIFO_SUFFIX = ".fifo";
  private static final int MAX_QUEUE_NAME = 80;
  private static final int MAX_RULE_NAME = 64;
  private static final int MAX_BUS_NAME = 256;

  private final Settings settings;

  Names(Settings settings) {
    this.settings = settings;
  }

  /** The bus a topic's events are put on. */
  String busName(String topic) {
    if (settings.get(TOPIC_MAPPING) == TopicMapping.SOURCE) {
      return settings.get(EVENT_BUS_NAME);
    }
    String name = settings.get(BUS_PREFIX) + topic;
    return fit(name, name, "[^/.\\-_A-Za-z0-9]", MAX_BUS_NAME);
  }

  /**
   * The EventBridge {@code source} of an event of a topic, given its CloudEvents source or null.
   */
  String source(String topic, String cloudEventsSource) {
    if (settings.get(TOPIC_MAPPING) == TopicMapping.SOURCE) {
      return topic;
    }
    return cloudEventsSource == null || cloudEventsSource.isEmpty()
        ? "eventbus"
        : cloudEventsSource;
  }

  /**
   * The event pattern (JSON) of a group's rule: the topic's source on the shared bus, or every
   * event of the topic's own bus.
   */
  String eventPattern(String topic) {
    if (settings.get(TOPIC_MAPPING) == TopicMapping.SOURCE) {
      return "{\"source\":[" + jsonString(topic) + "]}";
    }
    return "{\"source\":[{\"prefix\":\"\"}]}";
  }

  /** The rule that routes a topic's events to a group's queue. */
  String ruleName(String topic, String group) {
    return fit(
        settings.get(RULE_PREFIX) + pair(topic, group),
        topic + '\u0000' + group,
        "[^.\\-_A-Za-z0-9]",
        MAX_RULE_NAME);
  }

  /** A group's queue, with {@code .fifo} for FIFO queues. */
  String queueName(String topic, String group) {
    return queueBase(topic, group) + (settings.fifo() ? FIFO_SUFFIX : "");
  }

  /** A group's dead-letter queue, with {@code .fifo} for FIFO queues. */
  String deadLetterQueueName(String topic, String group) {
    return queueBase(topic, group) + DLQ_SUFFIX + (settings.fifo() ? FIFO_SUFFIX : "");
  }

  private String queueBase(String topic, String group) {
    int room = MAX_QUEUE_NAME - DLQ_SUFFIX.length() - FIFO_SUFFIX.length();
    return fit(
        settings.get(QUEUE_PREFIX) + pair(topic, group),
        topic + '\u0000' + group,
        "[^\\-_A-Za-z0-9]",
        room);
  }

  private static String pair(String topic, String group) {
    return topic + SEPARATOR + group;
  }

  /**
   * The name if AWS accepts it as it is; otherwise the name with disallowed characters replaced,
   * shortened as needed, and a hash of what it stands for appended.
   */
  private static String fit(String name, String identity, String disallowed, int max) {
    String clean = name.replaceAll(disallowed, "_");
    if (clean.equals(name) && clean.length() <= max && !hasAmbiguousSeparator(name)) {
      return clean;
    }
    String hash = hash(identity);
    int keep = Math.min(clean.length(), max - hash.length() - 1);
    return clean.substring(0, keep) + "-" + hash;
  }

  private static boolean hasAmbiguousSeparator(String name) {
    int first = name.indexOf(SEPARATOR);
    return first >= 0 && name.indexOf(SEPARATOR, first + 1) >= 0;
  }

  private static String hash(String name) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
