package dev.eventbus.eventbridge;

import static dev.eventbus.eventbridge.internal.ConfigTable.MAX_REQUEST_BYTES;
import static dev.eventbus.eventbridge.internal.ConfigTable.POLL_WAIT;

import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.SubscriptionState;
import dev.eventbus.eventbridge.internal.BrokerRuntime;
import dev.eventbus.eventbridge.internal.ConfigTable;
import dev.eventbus.eventbridge.internal.EventEnvelope;
import dev.eventbus.eventbridge.internal.PendingEvent;
import dev.eventbus.eventbridge.internal.Provisioner;
import dev.eventbus.eventbridge.internal.Settings;
import dev.eventbus.eventbridge.internal.SqsDeadLetterStore;
import dev.eventbus.eventbridge.internal.SqsSubscription;
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
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

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
  public static final long DEFAULT_MAX_REQUEST_BYTES = ConfigTable.EVENTBRIDGE_MAX_REQUEST_BYTES;

  private final Settings settings;
  private final Capabilities capabilities;
  private final DeadLetterStore deadLetters;
  private final Set<SqsSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final BrokerLifecycle<BrokerRuntime> lifecycle =
      new BrokerLifecycle<>("EventBridge broker");

  private EventBridgeBroker(Settings settings) {
    this.settings = settings;
    this.capabilities =
        new Capabilities(false, true, true, false, true, settings.get(MAX_REQUEST_BYTES));
    this.deadLetters = new SqsDeadLetterStore(this::runtime);
  }

  /**
   * A builder starting from the defaults: SDK default region and credentials, topic mapping {@link
   * TopicMapping#SOURCE} on the {@code default} bus, standard queues, no provisioning.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "eventbridge";
  }

  /**
   * Not ordered by key (EventBridge does not keep publish order); persistent; native delayed retry
   * (visibility timeouts); no replay; native dead letters (SQS); the largest event is {@code
   * maxRequestBytes} as EventBridge counts entry sizes.
   *
   * @return the capabilities
   */
  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void start(BrokerContext context) {
    lifecycle.start(() -> new BrokerRuntime(settings, context));
  }

  @Override
  public String messageSizeLimit() {
    return "EventBridge entry size, " + ConfigTable.qualified(ConfigTable.MAX_REQUEST_BYTES);
  }

  @Override
  public CompletableFuture<Void> send(String topic, BrokerMessage message) {
    return sendBatch(topic, List.of(message)).get(0);
  }

  /**
   * Puts the messages on the topic's bus with PutEvents, batched with other pending events. A
   * message over {@code maxRequestBytes} fails with {@link EventTooLargeException} and is not sent.
   */
  @Override
  public List<CompletableFuture<Void>> sendBatch(String topic, List<BrokerMessage> messages) {
    List<CompletableFuture<Void>> futures = new ArrayList<>(messages.size());
    BrokerRuntime r;
    try {
      r = runtime();
    } catch (EventBusException e) {
      messages.forEach(m -> futures.add(CompletableFuture.failedFuture(e)));
      return futures;
    }
    String bus = r.names().busName(topic);
    List<PendingEvent> accepted = new ArrayList<>(messages.size());
    for (BrokerMessage m : messages) {
      try {
        PutEventsRequestEntry entry =
            r.envelope().entry(bus, r.names().source(topic, m.attributes().get("source")), m);
        long size = EventEnvelope.entrySize(entry);
        if (size > settings.get(MAX_REQUEST_BYTES)) {
          throw new EventTooLargeException(
              m.id(), size, settings.get(MAX_REQUEST_BYTES), messageSizeLimit());
        }
        PendingEvent p = new PendingEvent(entry, size, m.id(), r.publishTimeout());
        accepted.add(p);
        futures.add(p.future());
      } catch (EventBusException e) {
        futures.add(CompletableFuture.failedFuture(e));
      }
    }
    r.publisher().publish(accepted);
    return futures;
  }

  /**
   * Sends a message straight to the group's queue, in the shape EventBridge delivers, without going
   * through EventBridge (so no other group sees it).
   */
  @Override
  public CompletableFuture<Void> sendToGroup(String topic, String group, BrokerMessage message) {
    BrokerRuntime r;
    try {
      r = runtime();
    } catch (EventBusException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable send =
        () -> {
          try {
            String url = r.provisioner().group(topic, group).queueUrl();
            String source = r.names().source(topic, message.attributes().get("source"));
            String body = r.envelope().sqsBody(source, message, r.region(), account(url));
            r.sendToQueue(url, body, Provisioner.fifoGroupId(group));
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(
                e instanceof EventBusException
                    ? e
                    : new EventBusException("Sending to group " + group + " failed", e));
          }
        };
    try {
      r.io().execute(send);
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new EventBusException("The EventBridge broker is closed", e));
    }
    return done;
  }

  private static String account(String queueUrl) {
    String[] path = URI.create(queueUrl).getPath().split("/");
    return path.length > 1 ? path[1] : "";
  }

  /**
   * Starts consuming the group's queue; with provisioning on, first creates or verifies the queue,
   * its dead-letter queue, the rule, its target and the queue policy, so that events published
   * after this returns reach the group.
   */
  @Override
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    BrokerRuntime r = runtime();
    Provisioner.GroupQueues queues = r.provisioner().group(spec.topic(), spec.group());
    synchronized (this) {
      if (lifecycle.isClosed()) {
        throw new EventBusException("The EventBridge broker is closed");
      }
      SqsSubscription s = new SqsSubscription(r, spec, queues, listener, subscriptions::remove);
      subscriptions.add(s);
      r.registerQueueDepth(spec.topic(), spec.group(), queues.queueUrl());
      return s;
    }
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  /**
   * UP when SQS answers a small request (reused for 5 s) and no subscription is failing to receive;
   * DOWN otherwise, or before start and after close. EventBridge itself is not probed: a failing
   * PutEvents fails the publishes it carried.
   */
  @Override
  public BrokerHealth health() {
    BrokerRuntime r;
    List<SqsSubscription> open;
    synchronized (this) {
      r = lifecycle.current();
      if (r == null) {
        return BrokerHealth.down("not started or closed");
      }
      open = new ArrayList<>(subscriptions);
    }
    long failing = open.stream().filter(s -> s.state() == SubscriptionState.FAILING).count();
    if (failing > 0) {
      return BrokerHealth.down(failing + " SQS subscription(s) failing to receive");
    }
    return r.health();
  }

  private BrokerRuntime runtime() {
    return lifecycle.running();
  }

  @Override
  public void close() {
    BrokerRuntime r;
    List<SqsSubscription> open;
    synchronized (this) {
      if (lifecycle.isClosed()) {
        return;
      }
      r = lifecycle.close();
      open = new ArrayList<>(subscriptions);
    }
    open.forEach(SqsSubscription::close);
    Duration lastPoll = settings.get(POLL_WAIT).plusSeconds(2);
    long deadline = System.nanoTime() + lastPoll.toNanos();
    for (SqsSubscription s : open) {
      s.awaitPollerExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    if (r != null) {
      r.close();
    }
  }

  @Override
  public String toString() {
    return "EventBridgeBroker{" + settings + "}";
  }

  /**
   * Builds an {@link EventBridgeBroker}; validated by {@link #build()}, whose errors name the
   * configuration key ({@code eventbus.eventbridge.*}), the value and what is allowed. Not
   * thread-safe.
   */
  public static final class Builder {
    private final SettingValues values = ConfigTable.TABLE.values();
    private AwsCredentialsProvider credentials;

    private Builder() {}

    /**
     * The AWS region; by default the SDK's region provider chain ({@code AWS_REGION}, profile).
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      values.set(ConfigTable.REGION, Objects.requireNonNull(region, "region"));
      return this;
    }

    /**
     * Overrides both service endpoints, for LocalStack or a VPC endpoint.
     *
     * @param endpoint for example {@code http://localhost:4566}
     * @return this builder
     */
    public Builder endpoint(URI endpoint) {
      values.set(ConfigTable.ENDPOINT, endpoint);
      return this;
    }

    /**
     * Overrides the EventBridge endpoint only.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder eventBridgeEndpoint(URI endpoint) {
      values.set(ConfigTable.EVENT_BRIDGE_ENDPOINT, endpoint);
      return this;
    }

    /**
     * Overrides the SQS endpoint only.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder sqsEndpoint(URI endpoint) {
      values.set(ConfigTable.SQS_ENDPOINT, endpoint);
      return this;
    }

    /**
     * Explicit credentials; by default the SDK's default provider chain. Never logged.
     *
     * @param credentials the provider
     * @return this builder
     */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Where topics live; {@link TopicMapping#SOURCE} by default.
     *
     * @param mapping the mapping
     * @return this builder
     */
    public Builder topicMapping(TopicMapping mapping) {
      values.set(ConfigTable.TOPIC_MAPPING, mapping);
      return this;
    }

    /**
     * The bus of every topic with {@link TopicMapping#SOURCE}; {@code default} by default.
     *
     * @param name the bus name
     * @return this builder
     */
    public Builder eventBusName(String name) {
      values.set(ConfigTable.EVENT_BUS_NAME, name);
      return this;
    }

    /**
     * The prefix of each topic's bus with {@link TopicMapping#BUS}; empty by default.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder busPrefix(String prefix) {
      values.set(ConfigTable.BUS_PREFIX, prefix);
      return this;
    }

    /**
     * The prefix of queue names; {@code eventbus-} by default.
     *
     * @param prefix up to 40 of {@code [-_A-Za-z0-9]}
     * @return this builder
     */
    public Builder queuePrefix(String prefix) {
      values.set(ConfigTable.QUEUE_PREFIX, prefix);
      return this;
    }

    /**
     * The prefix of rule names; {@code eventbus-} by default.
     *
     * @param prefix up to 30 of {@code [.-_A-Za-z0-9]}
     * @return this builder
     */
    public Builder rulePrefix(String prefix) {
      values.set(ConfigTable.RULE_PREFIX, prefix);
      return this;
    }

    /**
     * Standard (default) or FIFO group queues.
     *
     * @param type the type
     * @return this builder
     */
    public Builder queueType(QueueType type) {
      values.set(ConfigTable.QUEUE_TYPE, type);
      return this;
    }

    /**
     * Whether to create or verify buses, queues, rules, targets and policies; off by default.
     *
     * @param provision true to provision
     * @return this builder
     */
    public Builder provision(boolean provision) {
      values.set(ConfigTable.PROVISION, provision);
      return this;
    }

    /**
     * Receives after which SQS moves a message to the dead-letter queue by itself (1 to 1000; 100
     * by default): a safety net for handlers that crash the process. Keep it above the retry
     * policy's attempts.
     *
     * @param count the count
     * @return this builder
     */
    public Builder deadLetterMaxReceiveCount(int count) {
      values.set(ConfigTable.DEAD_LETTER_MAX_RECEIVE_COUNT, count);
      return this;
    }

    /**
     * How long a received message stays hidden (1 s to 12 h; 30 s by default); extended every third
     * of it while the handler runs. A crashed consumer's messages reappear after it.
     *
     * @param timeout the timeout, whole seconds
     * @return this builder
     */
    public Builder visibilityTimeout(Duration timeout) {
      values.set(ConfigTable.VISIBILITY_TIMEOUT, timeout);
      return this;
    }

    /**
     * The long-poll wait of each receive (0 to 20 s; 10 s by default). Close waits up to this long
     * for the last poll.
     *
     * @param wait the wait, whole seconds
     * @return this builder
     */
    public Builder pollWait(Duration wait) {
      values.set(ConfigTable.POLL_WAIT, wait);
      return this;
    }

    /**
     * The longest retry delay done by changing visibility (0 to 12 h; 11 h by default); longer
     * delays re-send the message in delayed hops of at most 15 minutes.
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder retryVisibilityLimit(Duration limit) {
      values.set(ConfigTable.RETRY_VISIBILITY_LIMIT, limit);
      return this;
    }

    /**
     * The largest PutEvents request and event, as EventBridge counts entry sizes (1 KiB to 256 KB;
     * 256 KB by default).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxRequestBytes(long bytes) {
      values.set(ConfigTable.MAX_REQUEST_BYTES, bytes);
      return this;
    }

    /**
     * Entries per PutEvents request, at most (1 to 10; 10 by default).
     *
     * @param size the count
     * @return this builder
     */
    public Builder publishBatchSize(int size) {
      values.set(ConfigTable.PUBLISH_BATCH_SIZE, size);
      return this;
    }

    /**
     * PutEvents requests in flight at once (1 to 64; 2 by default).
     *
     * @param threads the count
     * @return this builder
     */
    public Builder publishThreads(int threads) {
      values.set(ConfigTable.PUBLISH_THREADS, threads);
      return this;
    }

    /**
     * Attempts per event when EventBridge throttles or fails it (1 to 100; 10 by default), with an
     * exponential backoff with jitter from {@code initial} up to {@code max}.
     *
     * @param maxAttempts the attempts, including the first
     * @param initial the first backoff (100 ms by default)
     * @param max the longest backoff (5 s by default)
     * @return this builder
     */
    public Builder publishRetry(int maxAttempts, Duration initial, Duration max) {
      values.set(ConfigTable.PUBLISH_MAX_ATTEMPTS, maxAttempts);
      values.set(ConfigTable.PUBLISH_BACKOFF, initial);
      values.set(ConfigTable.PUBLISH_BACKOFF_MAX, max);
      return this;
    }

    /**
     * Has no effect: the bus's publish timeout ({@link
     * dev.eventbus.EventBus.Builder#publishTimeout(Duration)}) bounds how long a publish may take,
     * retries included.
     *
     * @param timeout the timeout
     * @return this builder
     * @deprecated the bus's {@code publishTimeout} bounds each publish; to be removed
     */
    @Deprecated
    public Builder publishTimeout(Duration timeout) {
      values.set(ConfigTable.PUBLISH_TIMEOUT, timeout);
      return this;
    }

    /**
     * Has no effect: the bus bounds the events waiting for a PutEvents request ({@link
     * dev.eventbus.EventBus.Builder#maxPendingPublishes(int)}).
     *
     * @param size the count
     * @return this builder
     * @deprecated the bus's {@code maxPendingPublishes} bounds pending publishes; to be removed
     */
    @Deprecated
    public Builder publishBuffer(int size) {
      values.set(ConfigTable.PUBLISH_BUFFER, size);
      return this;
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
