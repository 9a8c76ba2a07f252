package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.ConfigTable.qualified;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.eventbridge.TopicMapping;
import dev.eventbus.spi.ConfigKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The validated, immutable configuration of one EventBridge broker, built from a {@link Draft} that
 * the public builder and the provider fill in. {@link #toString()} never shows credentials.
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
 * @param publishTimeout how long a publish may take in total, retries and buffer wait included
 * @param publishBuffer events waiting to be sent, at most
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
    Duration publishTimeout,
    int publishBuffer) {

  /** EventBridge's limit on a PutEvents request and on one event: 256 KB. */
  public static final long EVENTBRIDGE_MAX_REQUEST_BYTES = 256 * 1024;

  /** SQS's limit on a message's visibility timeout: 12 hours. */
  public static final Duration SQS_MAX_VISIBILITY = Duration.ofHours(12);

  /** SQS's limit on a long-poll wait: 20 seconds. */
  public static final Duration SQS_MAX_POLL_WAIT = Duration.ofSeconds(20);

  private static final Pattern BUS_NAME = Pattern.compile("[/.\\-_A-Za-z0-9]{1,256}");
  private static final Pattern BUS_PREFIX = Pattern.compile("[/.\\-_A-Za-z0-9]{0,64}");
  private static final Pattern QUEUE_PREFIX = Pattern.compile("[\\-_A-Za-z0-9]{0,40}");
  private static final Pattern RULE_PREFIX = Pattern.compile("[.\\-_A-Za-z0-9]{0,30}");

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
    return "EventBridgeSettings{region="
        + (region == null ? "(default chain)" : region.id())
        + ", eventBridgeEndpoint="
        + eventBridgeEndpoint
        + ", sqsEndpoint="
        + sqsEndpoint
        + ", credentials="
        + (credentials == null ? "(default chain)" : "<explicit, redacted>")
        + ", topicMapping="
        + topicMapping
        + ", eventBusName="
        + eventBusName
        + ", busPrefix="
        + busPrefix
        + ", queuePrefix="
        + queuePrefix
        + ", rulePrefix="
        + rulePrefix
        + ", queueType="
        + queueType
        + ", provision="
        + provision
        + ", visibilityTimeout="
        + visibilityTimeout
        + ", pollWait="
        + pollWait
        + ", maxRequestBytes="
        + maxRequestBytes
        + "}";
  }

  /** The mutable side of {@link Settings}: filled in, then validated by {@link #build()}. */
  public static final class Draft {
    private Region region;
    private URI endpoint;
    private URI eventBridgeEndpoint;
    private URI sqsEndpoint;
    private AwsCredentialsProvider credentials;
    private String accessKeyId;
    private String secretAccessKey;
    private String sessionToken;
    private TopicMapping topicMapping = TopicMapping.SOURCE;
    private String eventBusName = "default";
    private String busPrefix = "";
    private String queuePrefix = "eventbus-";
    private String rulePrefix = "eventbus-";
    private QueueType queueType = QueueType.STANDARD;
    private boolean provision;
    private int deadLetterMaxReceiveCount = 100;
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private Duration pollWait = Duration.ofSeconds(10);
    private Duration retryVisibilityLimit = Duration.ofHours(11);
    private long maxRequestBytes = EVENTBRIDGE_MAX_REQUEST_BYTES;
    private int publishBatchSize = 10;
    private int publishThreads = 2;
    private int publishMaxAttempts = 10;
    private Duration publishBackoff = Duration.ofMillis(100);
    private Duration publishBackoffMax = Duration.ofSeconds(5);
    private Duration publishTimeout = Duration.ofSeconds(30);
    private int publishBuffer = 10_000;

    /** A draft holding the defaults. */
    public Draft() {}

    /**
     * Sets the region.
     *
     * @param region the region id, for example {@code eu-west-1}
     */
    public void region(String region) {
      if (region == null || region.isBlank()) {
        throw new ConfigurationException(qualified("region"), region, "an AWS region id");
      }
      this.region = Region.of(region.trim());
    }

    /**
     * Sets the region.
     *
     * @param region the region
     */
    public void region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
    }

    /**
     * Overrides both endpoints.
     *
     * @param endpoint the URI
     */
    public void endpoint(URI endpoint) {
      this.endpoint = endpoint;
    }

    /**
     * Overrides the EventBridge endpoint.
     *
     * @param endpoint the URI
     */
    public void eventBridgeEndpoint(URI endpoint) {
      this.eventBridgeEndpoint = endpoint;
    }

    /**
     * Overrides the SQS endpoint.
     *
     * @param endpoint the URI
     */
    public void sqsEndpoint(URI endpoint) {
      this.sqsEndpoint = endpoint;
    }

    /**
     * Sets explicit credentials.
     *
     * @param credentials the provider
     */
    public void credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * Sets the access key id of static credentials.
     *
     * @param accessKeyId the id
     */
    public void accessKeyId(String accessKeyId) {
      this.accessKeyId = accessKeyId;
    }

    /**
     * Sets the secret key of static credentials.
     *
     * @param secretAccessKey the secret
     */
    public void secretAccessKey(String secretAccessKey) {
      this.secretAccessKey = secretAccessKey;
    }

    /**
     * Sets the session token of static credentials.
     *
     * @param sessionToken the token
     */
    public void sessionToken(String sessionToken) {
      this.sessionToken = sessionToken;
    }

    /**
     * Sets the topic mapping.
     *
     * @param mapping the mapping
     */
    public void topicMapping(TopicMapping mapping) {
      this.topicMapping = Objects.requireNonNull(mapping, "topicMapping");
    }

    /**
     * Sets the bus of {@link TopicMapping#SOURCE}.
     *
     * @param name the bus name
     */
    public void eventBusName(String name) {
      this.eventBusName = name;
    }

    /**
     * Sets the bus prefix of {@link TopicMapping#BUS}.
     *
     * @param prefix the prefix
     */
    public void busPrefix(String prefix) {
      this.busPrefix = prefix;
    }

    /**
     * Sets the queue name prefix.
     *
     * @param prefix the prefix
     */
    public void queuePrefix(String prefix) {
      this.queuePrefix = prefix;
    }

    /**
     * Sets the rule name prefix.
     *
     * @param prefix the prefix
     */
    public void rulePrefix(String prefix) {
      this.rulePrefix = prefix;
    }

    /**
     * Sets the queue type.
     *
     * @param type the type
     */
    public void queueType(QueueType type) {
      this.queueType = Objects.requireNonNull(type, "queueType");
    }

    /**
     * Turns provisioning on or off.
     *
     * @param provision true to create resources
     */
    public void provision(boolean provision) {
      this.provision = provision;
    }

    /**
     * Sets the redrive policy's receive count.
     *
     * @param count the count
     */
    public void deadLetterMaxReceiveCount(int count) {
      this.deadLetterMaxReceiveCount = count;
    }

    /**
     * Sets the visibility timeout.
     *
     * @param timeout the timeout
     */
    public void visibilityTimeout(Duration timeout) {
      this.visibilityTimeout = timeout;
    }

    /**
     * Sets the long-poll wait.
     *
     * @param wait the wait
     */
    public void pollWait(Duration wait) {
      this.pollWait = wait;
    }

    /**
     * Sets the longest retry delay done by visibility.
     *
     * @param limit the limit
     */
    public void retryVisibilityLimit(Duration limit) {
      this.retryVisibilityLimit = limit;
    }

    /**
     * Sets the request and event size limit.
     *
     * @param bytes the limit
     */
    public void maxRequestBytes(long bytes) {
      this.maxRequestBytes = bytes;
    }

    /**
     * Sets the entries per PutEvents request.
     *
     * @param size the count
     */
    public void publishBatchSize(int size) {
      this.publishBatchSize = size;
    }

    /**
     * Sets the PutEvents requests in flight.
     *
     * @param threads the count
     */
    public void publishThreads(int threads) {
      this.publishThreads = threads;
    }

    /**
     * Sets the attempts per event.
     *
     * @param attempts the count
     */
    public void publishMaxAttempts(int attempts) {
      this.publishMaxAttempts = attempts;
    }

    /**
     * Sets the first publish backoff.
     *
     * @param backoff the backoff
     */
    public void publishBackoff(Duration backoff) {
      this.publishBackoff = backoff;
    }

    /**
     * Sets the longest publish backoff.
     *
     * @param backoff the backoff
     */
    public void publishBackoffMax(Duration backoff) {
      this.publishBackoffMax = backoff;
    }

    /**
     * Sets the publish timeout.
     *
     * @param timeout the timeout
     */
    public void publishTimeout(Duration timeout) {
      this.publishTimeout = timeout;
    }

    /**
     * Sets the publish buffer.
     *
     * @param size the count
     */
    public void publishBuffer(int size) {
      this.publishBuffer = size;
    }

    /**
     * Validates and builds.
     *
     * @return the settings
     * @throws ConfigurationException naming the first invalid key
     */
    public Settings build() {
      requireMatch("event-bus-name", eventBusName, BUS_NAME, "1 to 256 of [/.-_A-Za-z0-9]");
      requireMatch("bus-prefix", busPrefix, BUS_PREFIX, "0 to 64 of [/.-_A-Za-z0-9]");
      requireMatch("queue-prefix", queuePrefix, QUEUE_PREFIX, "0 to 40 of [-_A-Za-z0-9]");
      requireMatch("rule-prefix", rulePrefix, RULE_PREFIX, "0 to 30 of [.-_A-Za-z0-9]");
      range("dead-letter-max-receive-count", deadLetterMaxReceiveCount, 1, 1000);
      duration("visibility-timeout", visibilityTimeout, Duration.ofSeconds(1), SQS_MAX_VISIBILITY);
      duration("poll-wait", pollWait, Duration.ZERO, SQS_MAX_POLL_WAIT);
      duration("retry-visibility-limit", retryVisibilityLimit, Duration.ZERO, SQS_MAX_VISIBILITY);
      range("max-request-bytes", maxRequestBytes, 1024, EVENTBRIDGE_MAX_REQUEST_BYTES);
      range("publish-batch-size", publishBatchSize, 1, 10);
      range("publish-threads", publishThreads, 1, 64);
      range("publish-max-attempts", publishMaxAttempts, 1, 100);
      duration("publish-backoff", publishBackoff, Duration.ofMillis(1), Duration.ofMinutes(1));
      duration("publish-backoff-max", publishBackoffMax, publishBackoff, Duration.ofMinutes(5));
      duration("publish-timeout", publishTimeout, Duration.ofMillis(1), Duration.ofHours(1));
      range("publish-buffer", publishBuffer, 1, 1_000_000);
      return new Settings(
          region,
          endpointOr(eventBridgeEndpoint, "event-bridge-endpoint"),
          endpointOr(sqsEndpoint, "sqs-endpoint"),
          resolveCredentials(),
          topicMapping,
          eventBusName,
          busPrefix,
          queuePrefix,
          rulePrefix,
          queueType,
          provision,
          deadLetterMaxReceiveCount,
          visibilityTimeout,
          pollWait,
          retryVisibilityLimit,
          maxRequestBytes,
          publishBatchSize,
          publishThreads,
          publishMaxAttempts,
          publishBackoff,
          publishBackoffMax,
          publishTimeout,
          publishBuffer);
    }

    private URI endpointOr(URI specific, String key) {
      URI uri = specific != null ? specific : endpoint;
      if (uri != null && (uri.getScheme() == null || uri.getHost() == null)) {
        throw new ConfigurationException(
            qualified(specific != null ? key : "endpoint"),
            uri,
            "an absolute URI such as http://localhost:4566");
      }
      return uri;
    }

    private AwsCredentialsProvider resolveCredentials() {
      boolean anyStatic = accessKeyId != null || secretAccessKey != null || sessionToken != null;
      if (!anyStatic) {
        return credentials;
      }
      if (credentials != null) {
        throw new ConfigurationException(
            qualified("access-key-id"),
            "<redacted>",
            "either static keys or a credentials provider, not both");
      }
      if (accessKeyId == null || accessKeyId.isBlank()) {
        throw new ConfigurationException(
            qualified("access-key-id"), "(missing)", "an access key id with secret-access-key");
      }
      if (secretAccessKey == null || secretAccessKey.isBlank()) {
        throw new ConfigurationException(
            qualified("secret-access-key"), "<redacted>", "a secret access key with access-key-id");
      }
      return StaticCredentialsProvider.create(
          sessionToken == null
              ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
              : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
    }

    private static void requireMatch(String key, String value, Pattern pattern, String allowed) {
      if (value == null || !pattern.matcher(value).matches()) {
        throw new ConfigurationException(qualified(key), value, allowed);
      }
    }

    private static void range(String key, long value, long min, long max) {
      if (value < min || value > max) {
        throw new ConfigurationException(
            qualified(key), value, "an integer from " + min + " to " + max);
      }
    }

    private static void duration(String key, Duration value, Duration min, Duration max) {
      if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new ConfigurationException(
            qualified(key),
            ConfigKeys.durationText(value),
            "a duration from "
                + ConfigKeys.durationText(min)
                + " to "
                + ConfigKeys.durationText(max));
      }
    }
  }
}
