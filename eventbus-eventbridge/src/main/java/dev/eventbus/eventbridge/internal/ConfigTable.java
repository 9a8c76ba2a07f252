package dev.eventbus.eventbridge.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.eventbridge.TopicMapping;
import dev.eventbus.internal.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The one table of the EventBridge broker's flat configuration keys (under {@code
 * eventbus.eventbridge.}): name, type, default, documentation and how the value reaches the draft.
 * The provider reads configuration through it, and the reference table in the documentation is
 * generated from {@link #describe()}.
 */
public final class ConfigTable {
  /** The prefix the bus strips before handing the keys to the provider. */
  public static final String PREFIX = "eventbus.eventbridge.";

  /**
   * One configuration key.
   *
   * @param name the key without prefix
   * @param type what the value is, for the documentation
   * @param defaultValue the default, as text
   * @param doc what it does
   * @param secret whether the value must never be echoed
   * @param apply parses the text and sets it on the draft
   */
  public record Key(
      String name,
      String type,
      String defaultValue,
      String doc,
      boolean secret,
      BiConsumer<Settings.Draft, String> apply) {}

  /** Every key, in documentation order. */
  public static final List<Key> KEYS =
      List.of(
          key("region", "string", "SDK default chain", "AWS region.", Settings.Draft::region),
          key(
              "endpoint",
              "URI",
              "(AWS)",
              "Endpoint override for both services, e.g. LocalStack's http://localhost:4566.",
              (d, v) -> d.endpoint(uri("endpoint", v))),
          key(
              "eventBridgeEndpoint",
              "URI",
              "(endpoint)",
              "Endpoint override for EventBridge only.",
              (d, v) -> d.eventBridgeEndpoint(uri("eventBridgeEndpoint", v))),
          key(
              "sqsEndpoint",
              "URI",
              "(endpoint)",
              "Endpoint override for SQS only.",
              (d, v) -> d.sqsEndpoint(uri("sqsEndpoint", v))),
          key(
              "accessKeyId",
              "string",
              "(default chain)",
              "Static credentials; without them the SDK's default provider chain is used.",
              Settings.Draft::accessKeyId),
          secret(
              "secretAccessKey",
              "Secret of the static credentials; never logged.",
              Settings.Draft::secretAccessKey),
          secret(
              "sessionToken",
              "Session token of temporary static credentials; never logged.",
              Settings.Draft::sessionToken),
          key(
              "topicMapping",
              "SOURCE|BUS",
              "SOURCE",
              "SOURCE: one bus, topic = EventBridge source. BUS: one bus per topic.",
              (d, v) -> d.topicMapping(enumValue("topicMapping", v, TopicMapping.class))),
          key(
              "eventBusName",
              "string",
              "default",
              "The bus of every topic with topicMapping SOURCE.",
              Settings.Draft::eventBusName),
          key(
              "busPrefix",
              "string",
              "(empty)",
              "Prefix of each topic's bus with topicMapping BUS.",
              Settings.Draft::busPrefix),
          key(
              "queuePrefix",
              "string",
              "eventbus-",
              "Prefix of every SQS queue: <prefix><topic>__<group>[-dlq][.fifo].",
              Settings.Draft::queuePrefix),
          key(
              "rulePrefix",
              "string",
              "eventbus-",
              "Prefix of every EventBridge rule: <prefix><topic>__<group>.",
              Settings.Draft::rulePrefix),
          key(
              "queueType",
              "STANDARD|FIFO",
              "STANDARD",
              "Group queues are standard or FIFO queues (see FIFO trade-offs).",
              (d, v) -> d.queueType(enumValue("queueType", v, QueueType.class))),
          key(
              "provision",
              "boolean",
              "false",
              "Create or verify bus, rule, target, queues, queue policy and redrive policy.",
              (d, v) -> d.provision(bool("provision", v))),
          key(
              "deadLetterMaxReceiveCount",
              "int",
              "100",
              "Receives after which SQS moves a message to the dead-letter queue by itself"
                  + " (safety net for crash loops); keep it above the retry policy's attempts.",
              (d, v) -> d.deadLetterMaxReceiveCount(integer("deadLetterMaxReceiveCount", v))),
          key(
              "visibilityTimeout",
              "duration",
              "30s",
              "How long a received message stays hidden; extended every third of it while its"
                  + " handler runs. A crashed consumer's messages reappear after it.",
              (d, v) -> d.visibilityTimeout(duration("visibilityTimeout", v))),
          key(
              "pollWait",
              "duration",
              "10s",
              "Long-poll wait of each receive (0 to 20s); close waits up to this long for the"
                  + " last poll.",
              (d, v) -> d.pollWait(duration("pollWait", v))),
          key(
              "retryVisibilityLimit",
              "duration",
              "11h",
              "Longest retry delay done by changing visibility; longer ones re-send the message"
                  + " in delayed hops of at most 15 minutes.",
              (d, v) -> d.retryVisibilityLimit(duration("retryVisibilityLimit", v))),
          key(
              "maxRequestBytes",
              "long",
              "262144",
              "Largest PutEvents request and event, counted as EventBridge counts entry sizes.",
              (d, v) -> d.maxRequestBytes(longValue("maxRequestBytes", v))),
          key(
              "publishBatchSize",
              "int",
              "10",
              "Entries per PutEvents request, at most (1 to 10).",
              (d, v) -> d.publishBatchSize(integer("publishBatchSize", v))),
          key(
              "publishThreads",
              "int",
              "2",
              "PutEvents requests in flight at once.",
              (d, v) -> d.publishThreads(integer("publishThreads", v))),
          key(
              "publishMaxAttempts",
              "int",
              "10",
              "Attempts per event when EventBridge throttles or fails an entry.",
              (d, v) -> d.publishMaxAttempts(integer("publishMaxAttempts", v))),
          key(
              "publishBackoff",
              "duration",
              "100ms",
              "First backoff before retrying failed entries; doubles with jitter.",
              (d, v) -> d.publishBackoff(duration("publishBackoff", v))),
          key(
              "publishBackoffMax",
              "duration",
              "5s",
              "Longest backoff between attempts.",
              (d, v) -> d.publishBackoffMax(duration("publishBackoffMax", v))),
          key(
              "publishTimeout",
              "duration",
              "30s",
              "How long a publish may take in total, buffer wait and retries included.",
              (d, v) -> d.publishTimeout(duration("publishTimeout", v))),
          key(
              "publishBuffer",
              "int",
              "10000",
              "Events waiting for a PutEvents request, at most; a full buffer blocks the"
                  + " publisher up to publishTimeout.",
              (d, v) -> d.publishBuffer(integer("publishBuffer", v))));

  private static final Map<String, Key> BY_NAME =
      KEYS.stream().collect(Collectors.toMap(Key::name, k -> k, (a, b) -> a, LinkedHashMap::new));

  private ConfigTable() {}

  /**
   * The key as a user writes it.
   *
   * @param name the key without prefix
   * @return {@code eventbus.eventbridge.<name>}
   */
  public static String qualified(String name) {
    return PREFIX + name;
  }

  /**
   * Applies flat configuration to a draft. Unknown keys are rejected, naming the known ones.
   *
   * @param config keys without prefix
   * @param draft the draft to fill in
   */
  public static void apply(Map<String, String> config, Settings.Draft draft) {
    for (Map.Entry<String, String> e : config.entrySet()) {
      Key key = BY_NAME.get(e.getKey());
      if (key == null) {
        throw new ConfigurationException(
            qualified(e.getKey()), "<any>", "one of the keys " + BY_NAME.keySet());
      }
      String value = e.getValue() == null ? null : e.getValue().trim();
      key.apply().accept(draft, value);
    }
  }

  /**
   * The reference table in Markdown, generated from {@link #KEYS}.
   *
   * @return the table
   */
  public static String describe() {
    StringBuilder sb =
        new StringBuilder("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
    for (Key k : KEYS) {
      sb.append("| `")
          .append(qualified(k.name()))
          .append("` | ")
          .append(k.type())
          .append(" | ")
          .append(k.defaultValue())
          .append(" | ")
          .append(k.doc())
          .append(" |\n");
    }
    return sb.toString();
  }

  private static Key key(
      String name, String type, String def, String doc, BiConsumer<Settings.Draft, String> apply) {
    return new Key(name, type, def, doc, false, apply);
  }

  private static Key secret(String name, String doc, BiConsumer<Settings.Draft, String> apply) {
    return new Key(name, "secret", "(none)", doc, true, apply);
  }

  private static URI uri(String key, String v) {
    try {
      return new URI(v);
    } catch (URISyntaxException | NullPointerException e) {
      throw new ConfigurationException(qualified(key), v, "an absolute URI");
    }
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(qualified(key), v, "an integer");
    }
  }

  private static long longValue(String key, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(qualified(key), v, "an integer");
    }
  }

  private static boolean bool(String key, String v) {
    if ("true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v)) {
      return Boolean.parseBoolean(v);
    }
    throw new ConfigurationException(qualified(key), v, "true or false");
  }

  private static Duration duration(String key, String v) {
    return Durations.parse(qualified(key), v);
  }

  private static <E extends Enum<E>> E enumValue(String key, String v, Class<E> type) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigurationException(
          qualified(key), v, "one of " + Arrays.toString(type.getEnumConstants()));
    }
  }
}
