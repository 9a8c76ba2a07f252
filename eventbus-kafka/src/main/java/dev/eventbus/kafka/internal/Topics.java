package dev.eventbus.kafka.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBusException;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.spi.ClientCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Names and creates the adapter's Kafka topics: the application's, and per (topic, group) a retry
 * topic {@code <topic>.<group>.retry} and a compacted dead-letter topic {@code
 * <topic>.<group>.dlq}. Thread-safe; each topic is checked once.
 */
public final class Topics {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final String RULE = "1 to 249 of [a-zA-Z0-9._-], not '.' or '..'";
  private static final String MAX_MESSAGE_BYTES = TopicConfig.MAX_MESSAGE_BYTES_CONFIG;

  /** Events and retry topics get the configured partitions, dead letters one. */
  enum Kind {
    EVENTS,
    RETRY,
    DEAD_LETTER
  }

  private final Admin admin;
  private final KafkaSettings settings;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<Long>> limits = new ConcurrentHashMap<>();

  Topics(Admin admin, KafkaSettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  static String retryTopic(String topic, String group) {
    return topic + "." + group + ".retry";
  }

  static String deadLetterTopic(String topic, String group) {
    return topic + "." + group + ".dlq";
  }

  /**
   * Kafka's rule for names: a topic, and a group's retry topic {@code <topic>.<group>.retry} (its
   * dead-letter topic is shorter), are 1 to 249 of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code
   * ..}. The broker's {@code validateNames}, which the bus asks once per published topic: no send
   * runs it.
   *
   * @throws ConfigurationException naming the name as given and the rule
   */
  public static void validateNames(String topic, String group) {
    if (!LEGAL.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      throw new ConfigurationException("topic", topic, "a Kafka topic name: " + RULE);
    }
    String retryTopic = group == null ? null : retryTopic(topic, group);
    if (retryTopic != null && !LEGAL.matcher(retryTopic).matches()) {
      throw new ConfigurationException(
          "group",
          group,
          "a Kafka group name of [a-zA-Z0-9._-] whose retry topic is a Kafka topic name, "
              + RULE
              + " (here '%s', %d characters)".formatted(retryTopic, retryTopic.length()));
    }
  }

  /**
   * Makes sure a topic exists: creates it when allowed, checks it otherwise. Blocks for at most
   * {@link #TIMEOUT}, once per topic.
   *
   * @throws EventBusException if it does not exist and cannot be created
   */
  void ensure(String topic, Kind kind) {
    ensure(topic, kind, System.nanoTime() + TIMEOUT.toNanos());
  }

  /**
   * As {@link #ensure(String, Kind)}, blocking at most until the deadline (a {@code
   * System.nanoTime()} reading): a publish waits no longer than what is left of its own. A known
   * topic costs a set lookup.
   */
  void ensure(String topic, Kind kind, long deadline) {
    if (known.contains(topic)) {
      return;
    }
    Duration timeout = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    String doing = "make sure Kafka topic '" + topic + "' exists";
    try {
      // The call's own timeout too: one left pending would hold the admin client's close.
      int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      Future<?> call =
          settings.get(KafkaConfigTable.TOPIC_AUTO_CREATE)
              ? admin
                  .createTopics(
                      List.of(newTopic(topic, kind)), new CreateTopicsOptions().timeoutMs(ms))
                  .all()
              : admin
                  .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(ms))
                  .allTopicNames();
      ClientCalls.await(call, timeout, "Kafka", doing);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        String why = "' does not exist and topic.auto-create is false; create it first";
        throw new EventBusException("Kafka topic '" + topic + why, e.getCause());
      }
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new RetryableEventBusException("Could not " + doing, e.getCause());
      }
    }
    known.add(topic);
  }

  /**
   * A topic's {@code max.message.bytes}, the broker's default when the topic has none: the limit
   * the broker applies to a record batch. Read once per topic, without blocking; null when it could
   * not be read within 10 s.
   */
  CompletableFuture<Long> maxMessageBytes(String topic) {
    return limits.computeIfAbsent(
        topic,
        t -> {
          ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, t);
          CompletableFuture<Long> limit =
              admin
                  .describeConfigs(
                      List.of(resource), new DescribeConfigsOptions().timeoutMs(10_000))
                  .all()
                  .toCompletionStage()
                  .toCompletableFuture()
                  .thenApply(c -> Long.parseLong(c.get(resource).get(MAX_MESSAGE_BYTES).value()));
          return limit.handle((bytes, e) -> e == null ? bytes : forget(t));
        });
  }

  private Long forget(String topic) {
    limits.remove(topic); // asked again next time
    return null;
  }

  private NewTopic newTopic(String topic, Kind kind) {
    int factor = settings.get(KafkaConfigTable.TOPIC_REPLICATION_FACTOR);
    Optional<Short> replication =
        factor == KafkaConfigTable.BROKER_DEFAULT_REPLICATION
            ? Optional.empty()
            : Optional.of((short) factor);
    int partitions = kind == Kind.DEAD_LETTER ? 1 : settings.get(KafkaConfigTable.TOPIC_PARTITIONS);
    NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), replication);
    return kind != Kind.DEAD_LETTER
        ? newTopic
        : newTopic.configs(
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /** Waits up to {@link #TIMEOUT} for an admin call, as {@link ClientCalls#await} does. */
  static <T> T await(Future<T> call, String doing) throws ExecutionException {
    return ClientCalls.await(call, TIMEOUT, "Kafka", doing);
  }
}
