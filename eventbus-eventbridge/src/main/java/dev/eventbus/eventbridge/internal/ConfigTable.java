package dev.eventbus.eventbridge.internal;

import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.eventbridge.TopicMapping;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.RetiredPublishSettings;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * The EventBridge broker's configuration keys (under {@value #PREFIX}) as typed rows: each key's
 * type, default, range, documentation ({@code doc}) and secrecy, written once. The builder's
 * setters and flat configuration set the same rows; {@link SettingTable#validate} checks them when
 * the broker is built, and the reference documentation is {@link SettingTable#describe()}.
 */
public final class ConfigTable {
  /** The prefix the bus strips before handing the keys to the provider. */
  public static final String PREFIX = "eventbus.eventbridge.";

  /** EventBridge's limit on a PutEvents request and on one event: 256 KB. */
  public static final long EVENTBRIDGE_MAX_REQUEST_BYTES = 256 * 1024;

  /** SQS's limit on a message's visibility timeout: 12 hours. */
  private static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

  /** SQS's limit on a long-poll wait: 20 seconds. */
  private static final Duration SQS_MAX_POLL_WAIT = Duration.ofSeconds(20);

  /** An AWS region id, such as {@code eu-west-1}. */
  private static final Setting.Type<Region> REGION_ID =
      Setting.Type.of("string", "an AWS region id", ConfigTable::region, Region::id);

  /** An endpoint must say where: scheme and host. */
  private static final Setting.Check<URI> ABSOLUTE =
      new Setting.Check<>(
          u -> u.getScheme() != null && u.getHost() != null,
          "an absolute URI such as http://localhost:4566");

  public static final Setting<Region> REGION =
      Setting.of("region", REGION_ID).defaultText("SDK default chain").doc("AWS region.").build();

  public static final Setting<URI> ENDPOINT =
      Setting.of("endpoint", Setting.URI_TYPE)
          .defaultText("(AWS)")
          .check(ABSOLUTE)
          .doc("Endpoint override for both services, e.g. LocalStack's http://localhost:4566.")
          .build();

  public static final Setting<URI> EVENT_BRIDGE_ENDPOINT =
      Setting.of("event-bridge-endpoint", Setting.URI_TYPE)
          .defaultText("(endpoint)")
          .check(ABSOLUTE)
          .doc("Endpoint override for EventBridge only.")
          .build();

  public static final Setting<URI> SQS_ENDPOINT =
      Setting.of("sqs-endpoint", Setting.URI_TYPE)
          .defaultText("(endpoint)")
          .check(ABSOLUTE)
          .doc("Endpoint override for SQS only.")
          .build();

  public static final Setting<String> ACCESS_KEY_ID =
      Setting.of("access-key-id", Setting.STRING)
          .secret()
          .defaultText("(default chain)")
          .doc("Static credentials; without them the SDK's default provider chain is used.")
          .build();

  public static final Setting<String> SECRET_ACCESS_KEY =
      Setting.of("secret-access-key", Setting.STRING)
          .secret()
          .defaultText("(none)")
          .doc("Secret of the static credentials; never logged.")
          .build();

  public static final Setting<String> SESSION_TOKEN =
      Setting.of("session-token", Setting.STRING)
          .secret()
          .defaultText("(none)")
          .doc("Session token of temporary static credentials; never logged.")
          .build();

  public static final Setting<TopicMapping> TOPIC_MAPPING =
      Setting.of("topic-mapping", Setting.enumType(TopicMapping.class))
          .defaultValue(TopicMapping.SOURCE)
          .doc("SOURCE: one bus, topic = EventBridge source. BUS: one bus per topic.")
          .build();

  public static final Setting<String> EVENT_BUS_NAME =
      Setting.of("event-bus-name", Setting.STRING)
          .defaultValue("default")
          .check(matches("[/.\\-_A-Za-z0-9]{1,256}", "1 to 256 of [/.-_A-Za-z0-9]"))
          .doc("The bus of every topic with topic-mapping SOURCE.")
          .build();

  public static final Setting<String> BUS_PREFIX =
      Setting.of("bus-prefix", Setting.STRING)
          .defaultValue("")
          .defaultText("(empty)")
          .check(matches("[/.\\-_A-Za-z0-9]{0,64}", "0 to 64 of [/.-_A-Za-z0-9]"))
          .doc("Prefix of each topic's bus with topic-mapping BUS.")
          .build();

  public static final Setting<String> QUEUE_PREFIX =
      Setting.of("queue-prefix", Setting.STRING)
          .defaultValue("eventbus-")
          .check(matches("[\\-_A-Za-z0-9]{0,40}", "0 to 40 of [-_A-Za-z0-9]"))
          .doc("Prefix of every SQS queue: <prefix><topic>__<group>[-dlq][.fifo].")
          .build();

  public static final Setting<String> RULE_PREFIX =
      Setting.of("rule-prefix", Setting.STRING)
          .defaultValue("eventbus-")
          .check(matches("[.\\-_A-Za-z0-9]{0,30}", "0 to 30 of [.-_A-Za-z0-9]"))
          .doc("Prefix of every EventBridge rule: <prefix><topic>__<group>.")
          .build();

  public static final Setting<QueueType> QUEUE_TYPE =
      Setting.of("queue-type", Setting.enumType(QueueType.class))
          .defaultValue(QueueType.STANDARD)
          .doc("Group queues are standard or FIFO queues (see FIFO trade-offs).")
          .build();

  public static final Setting<Boolean> PROVISION =
      Setting.of("provision", Setting.BOOLEAN)
          .defaultValue(false)
          .doc("Create or verify bus, rule, target, queues, queue policy and redrive policy.")
          .build();

  public static final Setting<Integer> DEAD_LETTER_MAX_RECEIVE_COUNT =
      Setting.of("dead-letter-max-receive-count", Setting.INT)
          .defaultValue(100)
          .check(Setting.Check.range(1, 1000))
          .doc(
              "Receives after which SQS moves a message to the dead-letter queue by itself"
                  + " (safety net for crash loops); keep it above the retry policy's attempts.")
          .build();

  public static final Setting<Duration> VISIBILITY_TIMEOUT =
      Setting.of("visibility-timeout", Setting.DURATION)
          .defaultValue(Duration.ofSeconds(30))
          .check(Setting.Check.range(Duration.ofSeconds(1), SQS_MAX_VISIBILITY))
          .doc(
              "How long a received message stays hidden; extended every third of it while its"
                  + " handler runs. A crashed consumer's messages reappear after it.")
          .build();

  public static final Setting<Duration> POLL_WAIT =
      Setting.of("poll-wait", Setting.DURATION)
          .defaultValue(Duration.ofSeconds(10))
          .check(Setting.Check.range(Duration.ZERO, SQS_MAX_POLL_WAIT))
          .doc(
              "Long-poll wait of each receive (0 to 20s); close waits up to this long for the"
                  + " last poll.")
          .build();

  public static final Setting<Duration> RETRY_VISIBILITY_LIMIT =
      Setting.of("retry-visibility-limit", Setting.DURATION)
          .defaultValue(Duration.ofHours(11))
          .check(Setting.Check.range(Duration.ZERO, SQS_MAX_VISIBILITY))
          .doc(
              "Longest retry delay done by changing visibility; longer ones re-send the message"
                  + " in delayed hops of at most 15 minutes.")
          .build();

  public static final Setting<Long> MAX_REQUEST_BYTES =
      Setting.of("max-request-bytes", Setting.LONG)
          .defaultValue(EVENTBRIDGE_MAX_REQUEST_BYTES)
          .check(Setting.Check.range(1024L, EVENTBRIDGE_MAX_REQUEST_BYTES))
          .doc("Largest PutEvents request and event, counted as EventBridge counts entry sizes.")
          .build();

  public static final Setting<Integer> PUBLISH_BATCH_SIZE =
      Setting.of("publish-batch-size", Setting.INT)
          .defaultValue(10)
          .check(Setting.Check.range(1, 10))
          .doc("Entries per PutEvents request, at most (1 to 10).")
          .build();

  public static final Setting<Integer> PUBLISH_THREADS =
      Setting.of("publish-threads", Setting.INT)
          .defaultValue(2)
          .check(Setting.Check.range(1, 64))
          .doc("PutEvents requests in flight at once.")
          .build();

  public static final Setting<Integer> PUBLISH_MAX_ATTEMPTS =
      Setting.of("publish-max-attempts", Setting.INT)
          .defaultValue(10)
          .check(Setting.Check.range(1, 100))
          .doc("Attempts per event when EventBridge throttles or fails an entry.")
          .build();

  public static final Setting<Duration> PUBLISH_BACKOFF =
      Setting.of("publish-backoff", Setting.DURATION)
          .defaultValue(Duration.ofMillis(100))
          .check(Setting.Check.range(Duration.ofMillis(1), Duration.ofMinutes(1)))
          .doc("First backoff before retrying failed entries; doubles with jitter.")
          .build();

  // at least publish-backoff: Settings.from checks it
  public static final Setting<Duration> PUBLISH_BACKOFF_MAX =
      Setting.of("publish-backoff-max", Setting.DURATION)
          .defaultValue(Duration.ofSeconds(5))
          .check(Setting.Check.range(Duration.ofMillis(1), Duration.ofMinutes(5)))
          .allowed("a duration from publish-backoff to 5m")
          .doc("Longest backoff between attempts.")
          .build();

  public static final Setting<Duration> PUBLISH_TIMEOUT =
      RetiredPublishSettings.timeout("take, buffer wait and retries included");

  public static final Setting<Integer> PUBLISH_BUFFER =
      RetiredPublishSettings.buffer("a PutEvents request");

  /** Every key, in documentation order. */
  public static final SettingTable TABLE =
      new SettingTable(
          PREFIX,
          List.of(
              REGION,
              ENDPOINT,
              EVENT_BRIDGE_ENDPOINT,
              SQS_ENDPOINT,
              ACCESS_KEY_ID,
              SECRET_ACCESS_KEY,
              SESSION_TOKEN,
              TOPIC_MAPPING,
              EVENT_BUS_NAME,
              BUS_PREFIX,
              QUEUE_PREFIX,
              RULE_PREFIX,
              QUEUE_TYPE,
              PROVISION,
              DEAD_LETTER_MAX_RECEIVE_COUNT,
              VISIBILITY_TIMEOUT,
              POLL_WAIT,
              RETRY_VISIBILITY_LIMIT,
              MAX_REQUEST_BYTES,
              PUBLISH_BATCH_SIZE,
              PUBLISH_THREADS,
              PUBLISH_MAX_ATTEMPTS,
              PUBLISH_BACKOFF,
              PUBLISH_BACKOFF_MAX,
              PUBLISH_TIMEOUT,
              PUBLISH_BUFFER));

  /** What limits an event's size, in words, for {@link dev.eventbus.EventTooLargeException}. */
  public static final String SIZE_LIMIT = "EventBridge entry size, " + qualified(MAX_REQUEST_BYTES);

  private ConfigTable() {}

  /**
   * The key as a user writes it.
   *
   * @param setting the row
   * @return {@code eventbus.eventbridge.<name>}
   */
  public static String qualified(Setting<?> setting) {
    return TABLE.qualified(setting.name());
  }

  private static Region region(String id) {
    if (id.isBlank()) {
      throw new ConfigKeys.InvalidValueException("an AWS region id");
    }
    return Region.of(id);
  }

  private static Setting.Check<String> matches(String regex, String allowed) {
    Pattern pattern = Pattern.compile(regex);
    return new Setting.Check<>(s -> pattern.matcher(s).matches(), allowed);
  }
}
