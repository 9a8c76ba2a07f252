package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.ConfigTable.ACCESS_KEY_ID;
import static dev.eventbus.eventbridge.internal.ConfigTable.BUS_PREFIX;
import static dev.eventbus.eventbridge.internal.ConfigTable.DEAD_LETTER_MAX_RECEIVE_COUNT;
import static dev.eventbus.eventbridge.internal.ConfigTable.ENDPOINT;
import static dev.eventbus.eventbridge.internal.ConfigTable.EVENT_BRIDGE_ENDPOINT;
import static dev.eventbus.eventbridge.internal.ConfigTable.EVENT_BUS_NAME;
import static dev.eventbus.eventbridge.internal.ConfigTable.MAX_REQUEST_BYTES;
import static dev.eventbus.eventbridge.internal.ConfigTable.POLL_WAIT;
import static dev.eventbus.eventbridge.internal.ConfigTable.PROVISION;
import static dev.eventbus.eventbridge.internal.ConfigTable.PUBLISH_BACKOFF;
import static dev.eventbus.eventbridge.internal.ConfigTable.PUBLISH_BACKOFF_MAX;
import static dev.eventbus.eventbridge.internal.ConfigTable.PUBLISH_BATCH_SIZE;
import static dev.eventbus.eventbridge.internal.ConfigTable.PUBLISH_MAX_ATTEMPTS;
import static dev.eventbus.eventbridge.internal.ConfigTable.PUBLISH_THREADS;
import static dev.eventbus.eventbridge.internal.ConfigTable.QUEUE_PREFIX;
import static dev.eventbus.eventbridge.internal.ConfigTable.QUEUE_TYPE;
import static dev.eventbus.eventbridge.internal.ConfigTable.REGION;
import static dev.eventbus.eventbridge.internal.ConfigTable.RETRY_VISIBILITY_LIMIT;
import static dev.eventbus.eventbridge.internal.ConfigTable.RULE_PREFIX;
import static dev.eventbus.eventbridge.internal.ConfigTable.SECRET_ACCESS_KEY;
import static dev.eventbus.eventbridge.internal.ConfigTable.SESSION_TOKEN;
import static dev.eventbus.eventbridge.internal.ConfigTable.SQS_ENDPOINT;
import static dev.eventbus.eventbridge.internal.ConfigTable.TABLE;
import static dev.eventbus.eventbridge.internal.ConfigTable.TOPIC_MAPPING;
import static dev.eventbus.eventbridge.internal.ConfigTable.VISIBILITY_TIMEOUT;
import static dev.eventbus.eventbridge.internal.ConfigTable.qualified;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.eventbridge.TopicMapping;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The validated, immutable configuration of one EventBridge broker, read from the values of {@link
 * ConfigTable}'s rows that the public builder and flat configuration fill in. {@link #toString()}
 * never shows credentials.
 *
 * @param region the AWS region, or null for the SDK's default region provider chain
 * @param eventBridgeEndpoint an endpoint override for EventBridge, or null
 * @param sqsEndpoint an endpoint override for SQS, or null
 * @param credentials explicit credentials, or null for the SDK's default provider chain; handed to
 *     the SDK clients only, never printed
 * @param topicMapping where a topic lives in EventBridge
 * @param eventBusName the bus of every topic with {@link TopicMapping#SOURCE}
 * @param busPrefix the prefix of each topic's bus with {@link TopicMapping#BUS}
 * @param queuePrefix the prefix of every SQS queue name
 * @param rulePrefix the prefix of every EventBridge rule name
 * @param queueType standard or FIFO group queues
 * @param provision whether to create or verify buses, rules, targets, queues and policies
 * @param deadLetterMaxReceiveCount receives after which SQS itself moves a message to the
 *     dead-letter queue (the crash-loop safety net of the redrive policy)
 * @param visibilityTimeout how long a received message stays invisible; extended while handled
 * @param pollWait the long-poll wait of each receive
 * @param retryVisibilityLimit the longest retry delay done by changing visibility
 * @param maxRequestBytes the largest PutEvents request and event, as EventBridge counts them
 * @param publishBatchSize entries per PutEvents request, at most
 * @param publishThreads PutEvents requests in flight at once, at most
 * @param publishMaxAttempts attempts per event, including the first
 * @param publishBackoff the first backoff before retrying a throttled or failed entry
 * @param publishBackoffMax the longest backoff
 * @param values the values these settings were read from, for {@link #toString()}
 */
public record Settings(
    Region region,
    URI eventBridgeEndpoint,
    URI sqsEndpoint,
    AwsCredentialsProvider credentials,
    TopicMapping topicMapping,
    String eventBusName,
    String busPrefix,
    String queuePrefix,
    String rulePrefix,
    QueueType queueType,
    boolean provision,
    int deadLetterMaxReceiveCount,
    Duration visibilityTimeout,
    Duration pollWait,
    Duration retryVisibilityLimit,
    long maxRequestBytes,
    int publishBatchSize,
    int publishThreads,
    int publishMaxAttempts,
    Duration publishBackoff,
    Duration publishBackoffMax,
    SettingValues values) {

  /**
   * Checks every value and reads the settings.
   *
   * @param values the rows' values
   * @param credentials the credentials provider given to the builder, or null
   * @return the settings
   * @throws ConfigurationException naming the first key whose value is not allowed
   */
  public static Settings from(SettingValues values, AwsCredentialsProvider credentials) {
    TABLE.validate(values);
    Duration backoff = values.get(PUBLISH_BACKOFF);
    Duration backoffMax = values.get(PUBLISH_BACKOFF_MAX);
    if (backoffMax.compareTo(backoff) < 0) {
      throw new ConfigurationException(
          qualified(PUBLISH_BACKOFF_MAX),
          ConfigKeys.durationText(backoffMax),
          "a duration no shorter than publish-backoff (" + ConfigKeys.durationText(backoff) + ")");
    }
    URI endpoint = values.get(ENDPOINT);
    URI eventBridgeEndpoint = values.get(EVENT_BRIDGE_ENDPOINT);
    URI sqsEndpoint = values.get(SQS_ENDPOINT);
    return new Settings(
        values.get(REGION),
        eventBridgeEndpoint != null ? eventBridgeEndpoint : endpoint,
        sqsEndpoint != null ? sqsEndpoint : endpoint,
        credentials(values, credentials),
        values.get(TOPIC_MAPPING),
        values.get(EVENT_BUS_NAME),
        values.get(BUS_PREFIX),
        values.get(QUEUE_PREFIX),
        values.get(RULE_PREFIX),
        values.get(QUEUE_TYPE),
        values.get(PROVISION),
        values.get(DEAD_LETTER_MAX_RECEIVE_COUNT),
        values.get(VISIBILITY_TIMEOUT),
        values.get(POLL_WAIT),
        values.get(RETRY_VISIBILITY_LIMIT),
        values.get(MAX_REQUEST_BYTES),
        values.get(PUBLISH_BATCH_SIZE),
        values.get(PUBLISH_THREADS),
        values.get(PUBLISH_MAX_ATTEMPTS),
        backoff,
        backoffMax,
        values.copy());
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
          "<redacted>",
          "either static keys or a credentials provider, not both");
    }
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new ConfigurationException(
          qualified(ACCESS_KEY_ID), null, "an access key id with secret-access-key");
    }
    if (secretAccessKey == null || secretAccessKey.isBlank()) {
      throw new ConfigurationException(
          qualified(SECRET_ACCESS_KEY),
          secretAccessKey == null ? null : "<redacted>",
          "a secret access key with access-key-id");
    }
    return StaticCredentialsProvider.create(
        sessionToken == null
            ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
            : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
  }

  /**
   * Whether group queues are FIFO queues.
   *
   * @return true for {@link QueueType#FIFO}
   */
  public boolean fifo() {
    return queueType == QueueType.FIFO;
  }

  @Override
  public String toString() {
    return "EventBridgeSettings{credentials="
        + (credentials == null ? "(default chain)" : "<explicit, redacted>")
        + ", settings="
        + values
        + "}";
  }
}
