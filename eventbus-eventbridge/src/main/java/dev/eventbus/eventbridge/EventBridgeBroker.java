package dev.eventbus.eventbridge;

import dev.eventbus.EventBusException;
import dev.eventbus.eventbridge.internal.BrokerRuntime;
import dev.eventbus.eventbridge.internal.Names;
import dev.eventbus.eventbridge.internal.Settings;
import dev.eventbus.eventbridge.internal.SqsDeadLetterStore;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerLifecycle;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.Capabilities;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Runs eventbus on AWS: events are published to Amazon EventBridge, and each group consumes from
 * its own Amazon SQS queue that an EventBridge rule targets.
 *
 * <pre>{@code
 * EventBus bus = EventBus.builder()
 *     .broker(EventBridgeBroker.builder()
 *         .region(Region.EU_WEST_1)
 *         .eventBusName("orders-platform")
 *         .provision(true)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Mapping (see {@link TopicMapping}): a topic is the {@code source} of events on one bus (or a
 * bus of its own); the event type is the {@code detail-type}; the payload is {@code detail.data};
 * the other attributes and the headers are in {@code detail.eventbus}. A group is the queue {@code
 * <queuePrefix><topic>__<group>}, with the dead-letter queue {@code ...-dlq} and the rule {@code
 * <rulePrefix><topic>__<group>}.
 *
 * <p>Guarantees: publishing completes when PutEvents returned the entry without error; entries
 * EventBridge throttles or fails transiently are retried, and only those. Delivery is
 * at-least-once. EventBridge does not keep publish order, so the broker is not ordered by key.
 * Retry delays are visibility timeouts, kept by SQS across restarts; dead letters are kept in SQS.
 * Groups see events published after their rule exists; there is no replay.
 *
 * <p>Thread-safe. {@link #start} creates the SDK clients and threads; {@link #close()} closes open
 * subscriptions (their unsettled messages become visible again), waits up to the bus's publish
 * timeout for publishes under way and up to {@code pollWait} for the last polls, then releases
 * everything. Idempotent; afterwards every method fails with an {@link EventBusException}.
 */
public final class EventBridgeBroker implements Broker {
  /** The default limit on a PutEvents request and on one event: EventBridge's 256 KB. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = Settings.EVENTBRIDGE_MAX_REQUEST_BYTES;

  private final Settings settings;
  private final Capabilities capabilities;
  private final DeadLetterStore deadLetters;
  private final BrokerLifecycle<BrokerRuntime> lifecycle =
      new BrokerLifecycle<>("EventBridge broker");

  private EventBridgeBroker(Settings settings) {
    this.settings = settings;
    this.capabilities =
        new Capabilities(false, true, true, false, true, settings.get(Settings.MAX_REQUEST_BYTES));
    this.deadLetters = new SqsDeadLetterStore(lifecycle::running);
  }

  /**
   * {@return a new builder with the defaults: the SDK's region and credentials, {@link
   * TopicMapping#SOURCE} on the {@code default} bus, standard queues, no provisioning}
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "eventbridge";
  }

  /** Events are published to EventBridge; {@link #subscribe} consumes them from SQS. */
  @Override
  public String messagingSystem() {
    return "aws.eventbridge";
  }

  /** Persistent, native delayed retry and dead letters (SQS); not ordered by key; no replay. */
  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void start(BrokerContext context) {
    lifecycle.start(() -> new BrokerRuntime(settings, context));
  }

  /** 1 to 256 characters without control characters; other characters are mapped, not refused. */
  @Override
  public void validateNames(String topic, String group) {
    Names.validate(topic, group);
  }

  @Override
  public String messageSizeLimit() {
    return Settings.SIZE_LIMIT;
  }

  @Override
  public CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
    return sendBatch(topic, List.of(message), deadline).get(0);
  }

  /**
   * Puts the messages on the topic's bus with PutEvents, batched with other pending events. A
   * message over {@code maxRequestBytes} fails with {@link dev.eventbus.EventTooLargeException} and
   * is not sent. A message not accepted by its deadline fails then, retries included.
   */
  @Override
  public List<CompletableFuture<Void>> sendBatch(
      String topic, List<BrokerMessage> messages, long deadline) {
    return lifecycle.running().send(topic, messages, deadline);
  }

  /**
   * Sends a message straight to the group's queue, in the shape EventBridge delivers, without going
   * through EventBridge (so no other group sees it); refused at once when its deadline has passed.
   */
  @Override
  public CompletableFuture<Void> sendToGroup(
      String topic, String group, BrokerMessage message, long deadline) {
    BrokerRuntime runtime = lifecycle.running();
    return Broker.passed(deadline)
        ? CompletableFuture.failedFuture(Broker.deadlinePassed(message.id(), "SQS"))
        : runtime.sendToGroup(topic, group, message);
  }

  /**
   * Starts consuming the group's queue; with provisioning on, first creates or verifies its queues,
   * rule, target and queue policy, so that events published after this returns reach the group.
   * When SQS or EventBridge does not answer, the subscription reads FAILING with that reason and
   * sets itself up once they answer; an error they answer with (a missing queue) is thrown.
   */
  @Override
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    return lifecycle.running().subscribe(spec, listener);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  /**
   * UP when SQS answers a small request (reused for 5 s); DOWN otherwise, and when not running.
   * Subscriptions report their own state; EventBridge is not probed, as PutEvents reports itself.
   */
  @Override
  public BrokerHealth health() {
    return lifecycle.health(BrokerRuntime::health);
  }

  @Override
  public void close() {
    lifecycle.close(BrokerRuntime::close);
  }

  @Override
  public String toString() {
    return "EventBridgeBroker{" + settings + "}";
  }

  /**
   * Builds an {@link EventBridgeBroker}; validated by {@link #build()}, whose errors name the
   * configuration key ({@code eventbus.eventbridge.*}), the value and what is allowed. Each setter
   * sets one key (or three, {@link #publishRetry}) and returns this builder. Not thread-safe.
   */
  public static final class Builder {
    private final SettingValues values = Settings.TABLE.values();
    private AwsCredentialsProvider credentials;

    private Builder() {}

    private <T> Builder set(Setting<T> setting, T value) {
      values.set(setting, value);
      return this;
    }

    /** The AWS region; by default the SDK's region provider chain ({@code AWS_REGION}, profile). */
    public Builder region(Region region) {
      return set(Settings.REGION, Objects.requireNonNull(region, "region"));
    }

    /** Overrides both endpoints, for LocalStack ({@code http://localhost:4566}) or a VPC. */
    public Builder endpoint(URI endpoint) {
      return set(Settings.ENDPOINT, endpoint);
    }

    /** Overrides the EventBridge endpoint only. */
    public Builder eventBridgeEndpoint(URI endpoint) {
      return set(Settings.EVENT_BRIDGE_ENDPOINT, endpoint);
    }

    /** Overrides the SQS endpoint only. */
    public Builder sqsEndpoint(URI endpoint) {
      return set(Settings.SQS_ENDPOINT, endpoint);
    }

    /** Explicit credentials; by default the SDK's default provider chain. Never logged. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Where topics live; {@link TopicMapping#SOURCE} by default. */
    public Builder topicMapping(TopicMapping mapping) {
      return set(Settings.TOPIC_MAPPING, mapping);
    }

    /** The bus of every topic with {@link TopicMapping#SOURCE}; {@code default} by default. */
    public Builder eventBusName(String name) {
      return set(Settings.EVENT_BUS_NAME, name);
    }

    /** The prefix of each topic's bus with {@link TopicMapping#BUS}; empty by default. */
    public Builder busPrefix(String prefix) {
      return set(Settings.BUS_PREFIX, prefix);
    }

    /** Queue names' prefix, up to 40 of {@code [-_A-Za-z0-9]}; {@code eventbus-} by default. */
    public Builder queuePrefix(String prefix) {
      return set(Settings.QUEUE_PREFIX, prefix);
    }

    /** Rule names' prefix, up to 30 of {@code [.-_A-Za-z0-9]}; {@code eventbus-} by default. */
    public Builder rulePrefix(String prefix) {
      return set(Settings.RULE_PREFIX, prefix);
    }

    /** Standard (default) or FIFO group queues. */
    public Builder queueType(QueueType type) {
      return set(Settings.QUEUE_TYPE, type);
    }

    /** Whether to create or verify buses, queues, rules, targets and policies; off by default. */
    public Builder provision(boolean provision) {
      return set(Settings.PROVISION, provision);
    }

    /**
     * Receives after which SQS moves a message to the dead-letter queue itself (1 to 1000; 100 by
     * default), a net for handlers that crash the process; keep it above the retry attempts.
     */
    public Builder deadLetterMaxReceiveCount(int count) {
      return set(Settings.DEAD_LETTER_MAX_RECEIVE_COUNT, count);
    }

    /**
     * How long a received message stays hidden, in whole seconds (1 s to 12 h; 30 s by default),
     * extended every third of it while its handler runs; a crashed consumer's reappear after it.
     */
    public Builder visibilityTimeout(Duration timeout) {
      return set(Settings.VISIBILITY_TIMEOUT, timeout);
    }

    /** Each receive's long poll, whole seconds (0 to 20 s; 10 s by default); close awaits it. */
    public Builder pollWait(Duration wait) {
      return set(Settings.POLL_WAIT, wait);
    }

    /**
     * The longest retry delay done by changing visibility (0 to 12 h; 11 h by default); longer
     * delays re-send the message in delayed hops of at most 15 minutes.
     */
    public Builder retryVisibilityLimit(Duration limit) {
      return set(Settings.RETRY_VISIBILITY_LIMIT, limit);
    }

    /** The largest PutEvents request and event as EventBridge counts (1 KiB to 256 KB, default). */
    public Builder maxRequestBytes(long bytes) {
      return set(Settings.MAX_REQUEST_BYTES, bytes);
    }

    /** Entries per PutEvents request, at most (1 to 10; 10 by default). */
    public Builder publishBatchSize(int size) {
      return set(Settings.PUBLISH_BATCH_SIZE, size);
    }

    /** PutEvents requests in flight at once (1 to 64; 2 by default). */
    public Builder publishThreads(int threads) {
      return set(Settings.PUBLISH_THREADS, threads);
    }

    /**
     * Attempts per event, the first included, when EventBridge throttles or fails it (1 to 100; 10
     * by default); backoff doubles with jitter from {@code initial} (100 ms) to {@code max} (5 s).
     */
    public Builder publishRetry(int maxAttempts, Duration initial, Duration max) {
      set(Settings.PUBLISH_MAX_ATTEMPTS, maxAttempts);
      set(Settings.PUBLISH_BACKOFF, initial);
      return set(Settings.PUBLISH_BACKOFF_MAX, max);
    }

    /**
     * Has no effect: {@link dev.eventbus.EventBus.Builder#publishTimeout} bounds each publish.
     *
     * @deprecated the bus's {@code publishTimeout} bounds each publish; to be removed
     */
    @Deprecated
    public Builder publishTimeout(Duration timeout) {
      return set(Settings.PUBLISH_TIMEOUT, timeout);
    }

    /**
     * Has no effect: {@link dev.eventbus.EventBus.Builder#maxPendingPublishes} bounds them.
     *
     * @deprecated the bus's {@code maxPendingPublishes} bounds pending publishes; to be removed
     */
    @Deprecated
    public Builder publishBuffer(int size) {
      return set(Settings.PUBLISH_BUFFER, size);
    }

    /**
     * Validates and builds.
     *
     * @return a new broker, not started
     * @throws dev.eventbus.ConfigurationException naming the invalid key
     */
    public EventBridgeBroker build() {
      return new EventBridgeBroker(Settings.from(values, credentials));
    }

    /** The rows' values, for the provider's flat configuration. */
    SettingValues values() {
      return values;
    }
  }
}
