package dev.eventbus.kafka.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBusException;
import dev.eventbus.RetryableEventBusException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Names and creates the Kafka topics of the adapter: the application's topics, and per (topic,
 * group) a retry topic {@code <topic>.<group>.retry} and a compacted dead-letter topic {@code
 * <topic>.<group>.dlq}. Thread-safe; remembers the topics it has seen so that each is checked once.
 */
public final class Topics {
  /** Suffix of a group's retry topic. */
  public static final String RETRY_SUFFIX = ".retry";

  /** Suffix of a group's dead-letter topic. */
  public static final String DEAD_LETTER_SUFFIX = ".dlq";

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final Set<String> VALID_TOPICS = ConcurrentHashMap.newKeySet();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final TimeUnit MILLIS = TimeUnit.MILLISECONDS;

  /** What a topic is for; decides how it is created. */
  public enum Kind {
    /** An application topic: configured partitions, delete policy. */
    EVENTS,
    /** A group's retry topic: like the events topic. */
    RETRY,
    /** A group's dead-letter topic: one partition, compacted by event id. */
    DEAD_LETTER
  }

  private final Admin admin;
  private final KafkaSettings settings;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  /**
   * Creates the topic manager.
   *
   * @param admin the admin client
   * @param settings partitions, replication and whether topics may be created
   */
  public Topics(Admin admin, KafkaSettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  /**
   * The retry topic of a group.
   *
   * @param topic the application topic
   * @param group the group
   * @return {@code <topic>.<group>.retry}
   */
  public static String retryTopic(String topic, String group) {
    return topic + "." + group + RETRY_SUFFIX;
  }

  /**
   * The dead-letter topic of a group.
   *
   * @param topic the application topic
   * @param group the group
   * @return {@code <topic>.<group>.dlq}
   */
  public static String deadLetterTopic(String topic, String group) {
    return topic + "." + group + DEAD_LETTER_SUFFIX;
  }

  /**
   * Checks that a topic and group make legal Kafka topic names for the topic itself and its retry
   * and dead-letter topics.
   *
   * @param topic the topic
   * @param group the group, or null to check the topic alone
   * @throws ConfigurationException naming the offending value
   */
  public static void validateNames(String topic, String group) {
    if (group == null && VALID_TOPICS.contains(topic)) {
      return; // checked before: the regex ran on every send and showed in profiles
    }
    String allowed = "letters, digits, '.', '_' and '-', at most 249 characters in total";
    if (!LEGAL.matcher(topic).matches()) {
      throw new ConfigurationException("topic", topic, allowed);
    }
    if (group != null && !LEGAL.matcher(retryTopic(topic, group)).matches()) {
      throw new ConfigurationException(
          "group", group, allowed + " (it names the topic " + retryTopic(topic, group) + ")");
    }
    if (VALID_TOPICS.size() < 10_000) {
      VALID_TOPICS.add(topic);
    }
  }

  /**
   * Makes sure a topic exists: creates it when topic creation is allowed, checks it otherwise.
   * Blocks for at most 30 seconds, once per topic.
   *
   * @param topic the Kafka topic
   * @param kind what it is for
   * @throws EventBusException if it does not exist and cannot be created
   */
  public void ensure(String topic, Kind kind) {
    if (known.contains(topic)) {
      return;
    }
    try {
      if (settings.get(KafkaConfigTable.TOPIC_AUTO_CREATE)) {
        create(topic, kind);
      } else {
        admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), MILLIS);
      }
      known.add(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        known.add(topic);
        return;
      }
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new EventBusException(
            "Kafka topic '"
                + topic
                + "' does not exist and topic.auto-create is false; create it first",
            e.getCause());
      }
      throw new RetryableEventBusException(
          "Could not make sure Kafka topic '" + topic + "' exists", e.getCause());
    } catch (TimeoutException e) {
      throw new RetryableEventBusException(
          "Kafka did not answer within " + TIMEOUT + " about topic '" + topic + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException("Interrupted while creating Kafka topic '" + topic + "'", e);
    }
  }

  private void create(String topic, Kind kind)
      throws ExecutionException, InterruptedException, TimeoutException {
    int factor = settings.get(KafkaConfigTable.TOPIC_REPLICATION_FACTOR);
    Optional<Short> replication =
        factor == KafkaSettings.BROKER_DEFAULT_REPLICATION
            ? Optional.empty()
            : Optional.of((short) factor);
    int partitions = kind == Kind.DEAD_LETTER ? 1 : settings.get(KafkaConfigTable.TOPIC_PARTITIONS);
    NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), replication);
    if (kind == Kind.DEAD_LETTER) {
      newTopic.configs(
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), MILLIS);
  }
}
