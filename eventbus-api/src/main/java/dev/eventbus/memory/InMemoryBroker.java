package dev.eventbus.memory;

import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import dev.eventbus.MeterNames;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.Capabilities;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.SettingTable;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The embedded broker: the default of {@code EventBus.builder()} and the broker of unit tests. It
 * keeps the semantics of a real broker in process memory: every group gets every event; the
 * instances of a group share its partitions (events of one partition key stay on one partition, in
 * order); an event stays in its group until settled, and the unsettled events of a consumer that
 * closes go back to the group for another instance; retries are delayed on the bus's scheduler;
 * dead letters are kept per group; a new group may replay the retained log.
 *
 * <p>Everything is bounded: the unsettled events of a group ({@link Builder#maxQueuedPerGroup}),
 * the retained log, the dead letters. A publish into a full group waits up to {@link
 * Builder#sendTimeout} or its deadline, then fails with {@code BackpressureException}.
 *
 * <p>Two modes ({@link Mode}): {@link Mode#BY_REFERENCE}, the default, hands each {@link
 * dev.eventbus.Event} object itself to the handlers, encoding nothing (payloads must then be
 * immutable, as events are); {@link Mode#ENCODED}, the testkit harness's default, makes every event
 * take the codec's round trip as on a real broker, so that a test sees what a real broker would (a
 * payload the codec cannot write or read, an unknown type, an upcast).
 *
 * <p>Share one instance between several buses to simulate several processes: each bus's
 * subscriptions compete within a group. Nothing survives the JVM: capability {@code persistent} is
 * false. Thread-safe; one lock per topic.
 */
public final class InMemoryBroker implements Broker {
  /** Partitions per topic by default. */
  public static final int DEFAULT_PARTITIONS = 8;

  /** Unsettled events per group at most, by default. */
  public static final int DEFAULT_MAX_QUEUED_PER_GROUP = 100_000;

  /** Events kept per topic for replay to new groups starting at EARLIEST, by default. */
  public static final int DEFAULT_RETAINED_EVENTS = 10_000;

  /** Largest message, by default: 1 MiB. */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

  /** Dead letters per group at most, by default. */
  public static final int DEFAULT_MAX_DEAD_LETTERS = 100_000;

  /** How long a publish into a full group waits, by default. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

  /** How events travel by default: by reference. */
  public static final Mode DEFAULT_MODE = Mode.BY_REFERENCE;

  /** How an event travels from the publisher to the handlers. */
  public enum Mode {
    /**
     * The published {@link dev.eventbus.Event} object is handed to the handlers: nothing is encoded
     * or decoded, and there is no size limit (no bytes exist). Payloads must be immutable, since
     * the publisher and every group's handlers share them. A dead letter keeps the event and
     * encodes it only when its bytes are asked for (inspecting it). Key {@code by-reference}.
     */
    BY_REFERENCE,

    /**
     * Every event is encoded at publish and decoded for each group's handlers, as on a real broker:
     * the size limit applies, and an event the codec cannot write, or whose type or version the
     * consumer cannot read, fails as it would there. Key {@code encoded}.
     */
    ENCODED
  }

  // One completed future for every accepted send: the bus only reads it. A caller that could
  // complete it finds it completed already.
  private static final CompletableFuture<Void> ACCEPTED = CompletableFuture.completedFuture(null);

  final int partitions;
  final int maxQueuedPerGroup;
  final int retainedEvents;
  final Duration sendTimeout;
  final MemoryDeadLetterStore deadLetterStore;
  private final Mode mode;
  private final long maxMessageBytes;
  private final Capabilities capabilities;
  private final ConcurrentHashMap<String, MemoryTopic> topics = new ConcurrentHashMap<>();
  private volatile Scheduler scheduler;
  private volatile MeterRegistry meters;
  // The consumer lag gauge of each subscribed (topic, group), by topic and group.
  private final ConcurrentHashMap<String, Gauge> lagGauges = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private int users;

  private InMemoryBroker(Builder b) {
    this.partitions = b.partitions;
    this.maxQueuedPerGroup = b.maxQueuedPerGroup;
    this.retainedEvents = b.retainedEvents;
    this.sendTimeout = b.sendTimeout;
    this.maxMessageBytes = b.maxMessageBytes;
    this.mode = b.mode;
    this.deadLetterStore = new MemoryDeadLetterStore(b.maxDeadLetters);
    this.capabilities =
        new Capabilities(
            true,
            false,
            false,
            retainedEvents > 0,
            false,
            maxMessageBytes,
            mode == Mode.BY_REFERENCE);
  }

  /**
   * A broker with the defaults.
   *
   * @return a new broker
   */
  public static InMemoryBroker create() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * Takes the scheduler for retry delays and the registry for the consumer lag gauges. Several
   * buses may share one broker (to play several processes): the first start's scheduler and
   * registry are used, and the broker is closed when the last of them closes it.
   */
  @Override
  public synchronized void start(BrokerContext context) {
    if (scheduler == null) {
      meters = context.meterRegistry();
      scheduler = context.scheduler();
    }
    users++;
  }

  @Override
  public CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
    return append(topic, message, null, deadline);
  }

  /** Keeps the event itself: its message is made only if a consumer or a dead letter asks. */
  @Override
  public CompletableFuture<Void> sendByReference(
      String topic, Event<?> event, Function<Event<?>, BrokerMessage> encoder, long deadline) {
    try {
      ensureUsable();
      topic(topic).append(event, encoder, deadline); // reads the deadline only to wait for room
      return ACCEPTED;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Void> sendToGroup(
      String topic, String group, BrokerMessage message, long deadline) {
    return append(topic, message, group, deadline);
  }

  private CompletableFuture<Void> append(
      String topic, BrokerMessage message, String group, long deadline) {
    try {
      ensureUsable();
      topic(topic).append(message, group, deadline);
      return ACCEPTED;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Subscribes, and registers the group's {@value MeterNames#CONSUMER_LAG} gauge once: the events
   * published to the topic that wait in the group's queues, not yet handed to a consumer.
   */
  @Override
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    ensureUsable();
    MemoryTopic topic = topic(spec.topic());
    BrokerSubscription subscription =
        topic.subscribe(spec.group(), spec.maxInFlight(), spec.startPosition(), listener);
    lagGauges.computeIfAbsent(
        spec.topic() + '\u0000' + spec.group(),
        k ->
            Gauge.builder(MeterNames.CONSUMER_LAG, () -> topic.waiting(spec.group()))
                .tags("topic", spec.topic(), "group", spec.group())
                .description("Events waiting in the group's queues, not yet handed to a consumer")
                .register(meters));
    return subscription;
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetterStore;
  }

  /**
   * Once every bus that started this broker has closed it (each closes it once, as {@code
   * EventBus#close()} does): closes every consumer (their unsettled events stay queued) and refuses
   * further use. Idempotent after that.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed || (users > 0 && --users > 0)) {
        return;
      }
      closed = true;
    }
    topics.values().forEach(MemoryTopic::closeAll);
    lagGauges.values().forEach(meters::remove);
    lagGauges.clear();
  }

  /** The real brokers' strictest rule (docs/concepts.md), so tests refuse what they would. */
  @Override
  public void validateNames(String topic, String group) {
    PortableNames.validate(topic, group);
  }

  @Override
  public String messageSizeLimit() {
    return "in-memory broker eventbus.memory.max-message-bytes";
  }

  /** DOWN before the first start and after the last user closed it; UP in between. */
  @Override
  public BrokerHealth health() {
    if (closed) {
      return BrokerHealth.down("closed");
    }
    return scheduler == null ? BrokerHealth.down("not started") : BrokerHealth.up("in process");
  }

  boolean isClosed() {
    return closed;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  private MemoryTopic topic(String name) {
    MemoryTopic topic = topics.get(name);
    return topic != null ? topic : topics.computeIfAbsent(name, n -> new MemoryTopic(n, this));
  }

  private void ensureUsable() {
    if (closed) {
      throw new EventBusException("The in-memory broker is closed");
    }
    if (scheduler == null) {
      throw new EventBusException("The in-memory broker is not started; start the bus first");
    }
  }

  @Override
  public String toString() {
    return "InMemoryBroker{mode=%s, partitions=%d, maxQueuedPerGroup=%d, retainedEvents=%d}"
        .formatted(mode, partitions, maxQueuedPerGroup, retainedEvents);
  }

  /** Builds an {@link InMemoryBroker}; validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int partitions = DEFAULT_PARTITIONS;
    private int maxQueuedPerGroup = DEFAULT_MAX_QUEUED_PER_GROUP;
    private int retainedEvents = DEFAULT_RETAINED_EVENTS;
    private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private int maxDeadLetters = DEFAULT_MAX_DEAD_LETTERS;
    private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
    private Mode mode = DEFAULT_MODE;

    private Builder() {}

    /**
     * How events travel from publisher to handlers, default {@link Mode#BY_REFERENCE}.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * Partitions per topic (1 to 1024): the most instances of one group that get work.
     *
     * @param partitions the count
     * @return this builder
     */
    public Builder partitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /**
     * Unsettled events per group at most (1 to 10,000,000).
     *
     * @param max the bound
     * @return this builder
     */
    public Builder maxQueuedPerGroup(int max) {
      this.maxQueuedPerGroup = max;
      return this;
    }

    /**
     * Events kept per topic for groups starting at EARLIEST (0 to 10,000,000; 0 disables replay).
     *
     * @param retainedEvents the count
     * @return this builder
     */
    public Builder retainedEvents(int retainedEvents) {
      this.retainedEvents = retainedEvents;
      return this;
    }

    /**
     * Largest message in bytes (1 KiB to 1 GiB).
     *
     * @param maxMessageBytes the limit
     * @return this builder
     */
    public Builder maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /**
     * Dead letters per group at most (1 to 10,000,000).
     *
     * @param maxDeadLetters the bound
     * @return this builder
     */
    public Builder maxDeadLetters(int maxDeadLetters) {
      this.maxDeadLetters = maxDeadLetters;
      return this;
    }

    /**
     * How long a publish into a full group waits before failing (0 to 10 minutes).
     *
     * @param sendTimeout the timeout
     * @return this builder
     */
    public Builder sendTimeout(Duration sendTimeout) {
      this.sendTimeout = sendTimeout;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the broker
     */
    public InMemoryBroker build() {
      SettingTable t = MemoryBrokerProvider.TABLE;
      t.check(MemoryBrokerProvider.MODE, mode);
      t.check(MemoryBrokerProvider.PARTITIONS, partitions);
      t.check(MemoryBrokerProvider.MAX_QUEUED_PER_GROUP, maxQueuedPerGroup);
      t.check(MemoryBrokerProvider.RETAINED_EVENTS, retainedEvents);
      t.check(MemoryBrokerProvider.MAX_MESSAGE_BYTES, maxMessageBytes);
      t.check(MemoryBrokerProvider.MAX_DEAD_LETTERS, maxDeadLetters);
      t.check(MemoryBrokerProvider.SEND_TIMEOUT, sendTimeout);
      return new InMemoryBroker(this);
    }
  }
}
