package dev.eventbus.eventbridge.internal;

import static dev.eventbus.spi.Setting.Check.range;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.eventbridge.TopicMapping;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.RetiredPublishSettings;
import dev.eventbus.spi.SecretRedaction;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingBuilder;
import dev.eventbus.spi.SettingRules;
import dev.eventbus.spi.SettingTable;
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The EventBridge broker's configuration keys (under {@value #PREFIX}) as typed rows, in the order
 * of the reference docs ({@link SettingTable#describe()}); and one broker's checked values, with
 * their credentials. Immutable; {@link #toString()} never shows secrets.
 */
public final class Settings {
  public static final String PREFIX = "eventbus.eventbridge."; // stripped by the bus
  public static final long EVENTBRIDGE_MAX_REQUEST_BYTES = 256 * 1024; // request and event limit

  // the characters AWS allows in bus, queue and rule names, as regular expression classes
  static final String BUS_CHARS = "[/.\\-_A-Za-z0-9]";
  static final String QUEUE_CHARS = "[\\-_A-Za-z0-9]";
  static final String RULE_CHARS = "[.\\-_A-Za-z0-9]";

  private static final Duration SQS_MAX_VISIBILITY = ofHours(12);
  private static final Setting.Type<Region> REGION_ID =
      Setting.Type.of("string", "an AWS region id", Settings::region, Region::id);
  private static final List<Setting<?>> ROWS = new ArrayList<>();

  public static final Setting<Region> REGION =
      row(Setting.of("region", REGION_ID).defaultText("SDK default chain"), "AWS region.");
  public static final Setting<URI> ENDPOINT =
      row(
          endpoint("endpoint", "(AWS)"),
          "Endpoint override for both services, e.g. LocalStack's http://localhost:4566.");
  public static final Setting<URI> EVENT_BRIDGE_ENDPOINT =
      row(
          endpoint("event-bridge-endpoint", "(endpoint)"),
          "Endpoint override for EventBridge only.");
  public static final Setting<URI> SQS_ENDPOINT =
      row(endpoint("sqs-endpoint", "(endpoint)"), "Endpoint override for SQS only.");
  public static final Setting<String> ACCESS_KEY_ID =
      row(
          secret("access-key-id", "(default chain)"),
          "Static credentials; without them the SDK's default provider chain is used.");
  public static final Setting<String> SECRET_ACCESS_KEY =
      row(secret("secret-access-key", "(none)"), "Secret of the static credentials; never logged.");
  public static final Setting<String> SESSION_TOKEN =
      row(
          secret("session-token", "(none)"),
          "Session token of temporary static credentials; never logged.");
  public static final Setting<TopicMapping> TOPIC_MAPPING =
      row(
          Setting.of("topic-mapping", Setting.enumType(TopicMapping.class))
              .defaultValue(TopicMapping.SOURCE),
          "SOURCE: one bus, topic = EventBridge source. BUS: one bus per topic.");
  public static final Setting<String> EVENT_BUS_NAME =
      row(
          name("event-bus-name", "default", BUS_CHARS, 1, 256),
          "The bus of every topic with topic-mapping SOURCE.");
  public static final Setting<String> BUS_PREFIX =
      row(
          name("bus-prefix", "", BUS_CHARS, 0, 64).defaultText("(empty)"),
          "Prefix of each topic's bus with topic-mapping BUS.");
  public static final Setting<String> QUEUE_PREFIX =
      row(
          name("queue-prefix", "eventbus-", QUEUE_CHARS, 0, 40),
          "Prefix of every SQS queue: <prefix><topic>__<group>[-dlq][.fifo].");
  public static final Setting<String> RULE_PREFIX =
      row(
          name("rule-prefix", "eventbus-", RULE_CHARS, 0, 30),
          "Prefix of every EventBridge rule: <prefix><topic>__<group>.");
  public static final Setting<QueueType> QUEUE_TYPE =
      row(
          Setting.of("queue-type", Setting.enumType(QueueType.class))
              .defaultValue(QueueType.STANDARD),
          "Group queues are standard or FIFO queues (see FIFO trade-offs).");
  public static final Setting<Boolean> PROVISION =
      row(
          Setting.of("provision", Setting.BOOLEAN).defaultValue(false),
          "Create or verify bus, rule, target, queues, queue policy and redrive policy.");
  public static final Setting<Integer> DEAD_LETTER_MAX_RECEIVE_COUNT =
      row(
          count("dead-letter-max-receive-count", 100, 1000),
          "Receives after which SQS moves a message to the dead-letter queue by itself"
              + " (safety net for crash loops); keep it above the retry policy's attempts.");
  public static final Setting<Duration> VISIBILITY_TIMEOUT =
      row(
          Setting.duration("visibility-timeout", ofSeconds(30), ofSeconds(1), SQS_MAX_VISIBILITY),
          "How long a received message stays hidden; extended every third of it while its"
              + " handler runs. A crashed consumer's messages reappear after it.");
  public static final Setting<Duration> POLL_WAIT =
      row(
          Setting.duration("poll-wait", ofSeconds(10), Duration.ZERO, ofSeconds(20)),
          "Long-poll wait of each receive (0 to 20s); close waits up to this long for the"
              + " last poll.");
  public static final Setting<Duration> RETRY_VISIBILITY_LIMIT =
      row(
          Setting.duration(
              "retry-visibility-limit", ofHours(11), Duration.ZERO, SQS_MAX_VISIBILITY),
          "Longest retry delay done by changing visibility; longer ones re-send the message"
              + " in delayed hops of at most 15 minutes.");
  public static final Setting<Long> MAX_REQUEST_BYTES =
      row(
          Setting.of("max-request-bytes", Setting.LONG)
              .defaultValue(EVENTBRIDGE_MAX_REQUEST_BYTES)
              .check(range(1024L, EVENTBRIDGE_MAX_REQUEST_BYTES)),
          "Largest PutEvents request and event, counted as EventBridge counts entry sizes.");
  public static final Setting<Integer> PUBLISH_BATCH_SIZE =
      row(count("publish-batch-size", 10, 10), "Entries per PutEvents request, at most (1 to 10).");
  public static final Setting<Integer> PUBLISH_THREADS =
      row(count("publish-threads", 2, 64), "PutEvents requests in flight at once.");
  public static final Setting<Integer> PUBLISH_MAX_ATTEMPTS =
      row(
          count("publish-max-attempts", 10, 100),
          "Attempts per event when EventBridge throttles or fails an entry.");
  public static final Setting<Duration> PUBLISH_BACKOFF =
      row(
          Setting.duration("publish-backoff", ofMillis(100), ofMillis(1), ofMinutes(1)),
          "First backoff before retrying failed entries; doubles with jitter.");
  // at least publish-backoff: Settings.from checks it
  public static final Setting<Duration> PUBLISH_BACKOFF_MAX =
      row(
          Setting.duration("publish-backoff-max", ofSeconds(5), ofMillis(1), ofMinutes(5))
              .allowed("a duration from publish-backoff to 5m"),
          "Longest backoff between attempts.");
  public static final Setting<Duration> PUBLISH_TIMEOUT =
      add(RetiredPublishSettings.timeout("take, buffer wait and retries included"));
  public static final Setting<Integer> PUBLISH_BUFFER =
      add(RetiredPublishSettings.buffer("a PutEvents request"));

  public static final SettingTable TABLE = new SettingTable(PREFIX, ROWS); // in declaration order

  /** What limits an event's size, in words, for {@link dev.eventbus.EventTooLargeException}. */
  public static final String SIZE_LIMIT = "EventBridge entry size, " + qualified(MAX_REQUEST_BYTES);

  /** {@return the key as a user writes it: {@code eventbus.eventbridge.<name>}} */
  public static String qualified(Setting<?> setting) {
    return TABLE.qualified(setting.name());
  }

  private static <T> Setting<T> add(Setting<T> setting) {
    ROWS.add(setting);
    return setting;
  }

  private static <T> Setting<T> row(SettingBuilder<T> row, String doc) {
    return add(row.doc(doc).build());
  }

  /** An endpoint must say where: scheme and host. */
  private static SettingBuilder<URI> endpoint(String name, String defaultText) {
    return Setting.of(name, Setting.URI_TYPE)
        .defaultText(defaultText)
        .check(
            u -> u.getScheme() != null && u.getHost() != null,
            "an absolute URI such as http://localhost:4566");
  }

  private static SettingBuilder<String> secret(String name, String defaultText) {
    return Setting.of(name, Setting.STRING).secret().defaultText(defaultText);
  }

  /** A name of {@code min} to {@code max} characters of a class such as {@code [\\-_A-Za-z0-9]}. */
  private static SettingBuilder<String> name(
      String key, String defaultValue, String chars, int min, int max) {
    Pattern pattern = Pattern.compile(chars + "{" + min + "," + max + "}");
    String allowed = min + " to " + max + " of " + chars.replace("\\", "");
    return Setting.of(key, Setting.STRING)
        .defaultValue(defaultValue)
        .check(s -> pattern.matcher(s).matches(), allowed);
  }

  private static SettingBuilder<Integer> count(String name, int defaultValue, int max) {
    return Setting.of(name, Setting.INT).defaultValue(defaultValue).check(range(1, max));
  }

  private static Region region(String id) {
    if (id.isBlank()) {
      throw new ConfigKeys.InvalidValueException("an AWS region id");
    }
    return Region.of(id);
  }

  private final SettingValues values;
  private final AwsCredentialsProvider credentials;
  private final SecretRedaction redaction;

  private Settings(SettingValues values, AwsCredentialsProvider credentials) {
    this.values = values;
    this.credentials = credentials;
    this.redaction = SecretRedaction.of(values, List.of());
  }

  /** Checks every value; the error names the first key whose value is not allowed. */
  public static Settings from(SettingValues values, AwsCredentialsProvider credentials) {
    TABLE.validate(values);
    new SettingRules(values).requireNoShorter(PUBLISH_BACKOFF_MAX, PUBLISH_BACKOFF);
    return new Settings(values.copy(), credentials(values, credentials));
  }

  /** Static keys, if any are set, else the builder's provider (null for the default chain). */
  private static AwsCredentialsProvider credentials(
      SettingValues values, AwsCredentialsProvider provider) {
    String accessKeyId = values.get(ACCESS_KEY_ID);
    String secretAccessKey = values.get(SECRET_ACCESS_KEY);
    String sessionToken = values.get(SESSION_TOKEN);
    if (accessKeyId == null && secretAccessKey == null && sessionToken == null) {
      return provider;
    }
    if (provider != null) {
      throw new ConfigurationException(
          qualified(ACCESS_KEY_ID),
          SecretRedaction.HIDDEN,
          "either static keys or a credentials provider, not both");
    }
    new SettingRules(values)
        .requireSet(ACCESS_KEY_ID, "an access key id with secret-access-key")
        .requireSet(SECRET_ACCESS_KEY, "a secret access key with access-key-id");
    return StaticCredentialsProvider.create(
        sessionToken == null
            ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
            : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
  }

  /** A row's value: the one set, else its default (null for a key without one). */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  /** Explicit credentials, handed to the SDK clients only; null for the SDK's default chain. */
  AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** One service's endpoint override: its own key, else {@code endpoint}; null for AWS's own. */
  URI endpoint(Setting<URI> service) {
    URI own = get(service);
    return own != null ? own : get(ENDPOINT);
  }

  /** The text with the static credentials' values hidden, for what health and logs show. */
  String redact(String text) {
    return redaction.redact(text);
  }

  boolean fifo() {
    return get(QUEUE_TYPE) == QueueType.FIFO;
  }

  @Override
  public String toString() {
    String shown = credentials == null ? "(default chain)" : "<explicit, redacted>";
    return "EventBridgeSettings{credentials=" + shown + ", settings=" + values + "}";
  }
}
