package dev.eventbus.eventbridge.internal;

import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.eventbridge.TopicMapping;
import dev.eventbus.spi.ConfigKeys;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The one table of the EventBridge broker's flat configuration keys (under {@code
 * eventbus.eventbridge.}): name, type, default, documentation and how the value reaches the draft.
 * The provider reads configuration through it, and the reference table in the documentation is
 * generated from {@link #describe()}.
 */
public final class ConfigTable {
  /** The prefix the bus strips before handing the keys to the provider. */
  public static final String PREFIX = "eventbus.eventbridge.";

  /** Every key, in documentation order. */
  private static final ConfigKeys<Settings.Draft> TABLE =
      new ConfigKeys<>(
          PREFIX,
          List.of(
              key("region", "string", "SDK default chain", "AWS region.", Settings.Draft::region),
              key(
                  "endpoint",
                  "URI",
                  "(AWS)",
                  "Endpoint override for both services, e.g. LocalStack's http://localhost:4566.",
                  (d, v) -> d.endpoint(ConfigKeys.uri(v))),
              key(
                  "event-bridge-endpoint",
                  "URI",
                  "(endpoint)",
                  "Endpoint override for EventBridge only.",
                  (d, v) -> d.eventBridgeEndpoint(ConfigKeys.uri(v))),
              key(
                  "sqs-endpoint",
                  "URI",
                  "(endpoint)",
                  "Endpoint override for SQS only.",
                  (d, v) -> d.sqsEndpoint(ConfigKeys.uri(v))),
              key(
                  "access-key-id",
                  "string",
                  "(default chain)",
                  "Static credentials; without them the SDK's default provider chain is used.",
                  Settings.Draft::accessKeyId),
              secret(
                  "secret-access-key",
                  "Secret of the static credentials; never logged.",
                  Settings.Draft::secretAccessKey),
              secret(
                  "session-token",
                  "Session token of temporary static credentials; never logged.",
                  Settings.Draft::sessionToken),
              key(
                  "topic-mapping",
                  "SOURCE|BUS",
                  "SOURCE",
                  "SOURCE: one bus, topic = EventBridge source. BUS: one bus per topic.",
                  (d, v) -> d.topicMapping(ConfigKeys.enumValue(v, TopicMapping.class))),
              key(
                  "event-bus-name",
                  "string",
                  "default",
                  "The bus of every topic with topic-mapping SOURCE.",
                  Settings.Draft::eventBusName),
              key(
                  "bus-prefix",
                  "string",
                  "(empty)",
                  "Prefix of each topic's bus with topic-mapping BUS.",
                  Settings.Draft::busPrefix),
              key(
                  "queue-prefix",
                  "string",
                  "eventbus-",
                  "Prefix of every SQS queue: <prefix><topic>__<group>[-dlq][.fifo].",
                  Settings.Draft::queuePrefix),
              key(
                  "rule-prefix",
                  "string",
                  "eventbus-",
                  "Prefix of every EventBridge rule: <prefix><topic>__<group>.",
                  Settings.Draft::rulePrefix),
              key(
                  "queue-type",
                  "STANDARD|FIFO",
                  "STANDARD",
                  "Group queues are standard or FIFO queues (see FIFO trade-offs).",
                  (d, v) -> d.queueType(ConfigKeys.enumValue(v, QueueType.class))),
              key(
                  "provision",
                  "boolean",
                  "false",
                  "Create or verify bus, rule, target, queues, queue policy and redrive policy.",
                  (d, v) -> d.provision(ConfigKeys.bool(v))),
              key(
                  "dead-letter-max-receive-count",
                  "int",
                  "100",
                  "Receives after which SQS moves a message to the dead-letter queue by itself"
                      + " (safety net for crash loops); keep it above the retry policy's attempts.",
                  (d, v) -> d.deadLetterMaxReceiveCount(ConfigKeys.integer(v))),
              key(
                  "visibility-timeout",
                  "duration",
                  "30s",
                  "How long a received message stays hidden; extended every third of it while its"
                      + " handler runs. A crashed consumer's messages reappear after it.",
                  (d, v) -> d.visibilityTimeout(ConfigKeys.duration(v))),
              key(
                  "poll-wait",
                  "duration",
                  "10s",
                  "Long-poll wait of each receive (0 to 20s); close waits up to this long for the"
                      + " last poll.",
                  (d, v) -> d.pollWait(ConfigKeys.duration(v))),
              key(
                  "retry-visibility-limit",
                  "duration",
                  "11h",
                  "Longest retry delay done by changing visibility; longer ones re-send the message"
                      + " in delayed hops of at most 15 minutes.",
                  (d, v) -> d.retryVisibilityLimit(ConfigKeys.duration(v))),
              key(
                  "max-request-bytes",
                  "long",
                  "262144",
                  "Largest PutEvents request and event, counted as EventBridge counts entry sizes.",
                  (d, v) -> d.maxRequestBytes(ConfigKeys.longValue(v))),
              key(
                  "publish-batch-size",
                  "int",
                  "10",
                  "Entries per PutEvents request, at most (1 to 10).",
                  (d, v) -> d.publishBatchSize(ConfigKeys.integer(v))),
              key(
                  "publish-threads",
                  "int",
                  "2",
                  "PutEvents requests in flight at once.",
                  (d, v) -> d.publishThreads(ConfigKeys.integer(v))),
              key(
                  "publish-max-attempts",
                  "int",
                  "10",
                  "Attempts per event when EventBridge throttles or fails an entry.",
                  (d, v) -> d.publishMaxAttempts(ConfigKeys.integer(v))),
              key(
                  "publish-backoff",
                  "duration",
                  "100ms",
                  "First backoff before retrying failed entries; doubles with jitter.",
                  (d, v) -> d.publishBackoff(ConfigKeys.duration(v))),
              key(
                  "publish-backoff-max",
                  "duration",
                  "5s",
                  "Longest backoff between attempts.",
                  (d, v) -> d.publishBackoffMax(ConfigKeys.duration(v))),
              key(
                  "publish-timeout",
                  "duration",
                  "30s",
                  "How long a publish may take in total, buffer wait and retries included.",
                  (d, v) -> d.publishTimeout(ConfigKeys.duration(v))),
              key(
                  "publish-buffer",
                  "int",
                  "10000",
                  "Events waiting for a PutEvents request, at most; a full buffer blocks the"
                      + " publisher up to publish-timeout.",
                  (d, v) -> d.publishBuffer(ConfigKeys.integer(v)))));

  private ConfigTable() {}

  /**
   * The key as a user writes it.
   *
   * @param name the key without prefix
   * @return {@code eventbus.eventbridge.<name>}
   */
  public static String qualified(String name) {
    return TABLE.qualified(name);
  }

  /**
   * Applies flat configuration to a draft. Unknown keys are rejected, naming the known ones.
   *
   * @param config keys without prefix
   * @param draft the draft to fill in
   */
  public static void apply(Map<String, String> config, Settings.Draft draft) {
    TABLE.apply(config, draft);
  }

  /**
   * The reference table in Markdown, generated from the table.
   *
   * @return the table
   */
  public static String describe() {
    return TABLE.describe();
  }

  /**
   * The keys, in documentation order.
   *
   * @return the keys
   */
  public static List<ConfigKeys.Key<Settings.Draft>> keys() {
    return TABLE.keys();
  }

  private static ConfigKeys.Key<Settings.Draft> key(
      String name, String type, String def, String doc, BiConsumer<Settings.Draft, String> apply) {
    return ConfigKeys.key(name, type, def, doc, apply);
  }

  private static ConfigKeys.Key<Settings.Draft> secret(
      String name, String doc, BiConsumer<Settings.Draft, String> apply) {
    return ConfigKeys.secret(name, "(none)", doc, apply);
  }
}
