package dev.eventbus.memory;

import dev.eventbus.ConfigurationException;
import java.util.regex.Pattern;

/**
 * The in-memory broker's rule for names: the strictest of the real brokers' rules, so that a test
 * on the in-memory broker refuses a name that Kafka, RabbitMQ or EventBridge would refuse. A topic
 * is 1 to 238 of {@code [a-zA-Z0-9._-]} (Kafka's characters, which excludes spaces and control
 * characters), not {@code .} or {@code ..} (Kafka), not starting with {@code amq.} (RabbitMQ
 * reserves it); a group is 1 or more of the same characters, and {@code <topic>.<group>} is at most
 * 238 characters: RabbitMQ's 255-byte queue names less its longest suffix {@code
 * .retry.4294967295}, which is also within Kafka's 249 for {@code <topic>.<group>.retry}.
 */
final class PortableNames {
  static final int MAX_LENGTH = 238;
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
  private static final String CHARS = "of [a-zA-Z0-9._-]";
  static final String TOPIC_RULE =
      "1 to " + MAX_LENGTH + " " + CHARS + ", not '.' or '..', not starting with 'amq.'";
  private static final String WHY = " (the in-memory broker takes only names every broker takes)";

  private PortableNames() {}

  static void validate(String topic, String group) {
    if (topic.length() > MAX_LENGTH
        || !LEGAL.matcher(topic).matches()
        || topic.equals(".")
        || topic.equals("..")
        || topic.startsWith("amq.")) {
      throw new ConfigurationException("topic", topic, TOPIC_RULE + WHY);
    }
    if (group == null) {
      return;
    }
    int length = topic.length() + 1 + group.length();
    if (!LEGAL.matcher(group).matches() || length > MAX_LENGTH) {
      String rule =
          "1 or more %s, at most %d characters in '<topic>.<group>' (here %d)%s"
              .formatted(CHARS, MAX_LENGTH, length, WHY);
      throw new ConfigurationException("group", group, rule);
    }
  }
}
