package dev.eventbus.rabbitmq;

import dev.eventbus.EventBusException;
import dev.eventbus.rabbitmq.internal.ConfigTable;
import dev.eventbus.rabbitmq.internal.RabbitMqDeadLetterStore;
import dev.eventbus.rabbitmq.internal.RabbitMqRuntime;
import dev.eventbus.rabbitmq.internal.Settings;
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
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * The RabbitMQ broker: runs eventbus on RabbitMQ 3.10 or later through the AMQP 0-9-1 Java client.
 *
 * <pre>{@code
 * Broker rabbit = RabbitMqBroker.builder()
 *     .uri("amqp://app:secret@rabbit.internal:5672/orders")
 *     .queueType(QueueType.QUORUM)
 *     .build();
 * try (EventBus bus = EventBus.builder().broker(rabbit).build()) { ... }
 * }</pre>
 *
 * <p><b>Mapping.</b> A topic is a durable topic exchange of the same name; a group is a durable
 * queue {@code <topic>.<group>} bound to it with {@code #} (quorum by default), which every
 * instance of the group consumes: instances compete. Events carry the CloudEvents AMQP binding, in
 * binary or structured {@link ContentMode} (both always read), and are persistent; the partition
 * key is the routing key. Dead letters go to {@code <topic>.<group>.dlq}, always a classic queue;
 * retries wait in {@code <topic>.<group>.retry.<ms>} queues whose TTL returns them to the group.
 *
 * <p><b>Guarantees.</b> A publish completes when the broker confirmed it (publisher confirms, an
 * asynchronous window of {@link Builder#confirmWindow(int)}); a publish to a topic without any
 * group is confirmed and kept by nobody, like a Kafka topic nobody reads. A delivery is acked after
 * the core settled it; a retry or dead letter is acked once its copy is confirmed. The connection
 * is tried until made at start and recovers by itself after a drop or a broker restart: publishes
 * wait (up to the bus's publish timeout, {@code eventbus.publish.timeout}) and consumers resume.
 *
 * <p><b>Ordering.</b> By default a group's instances compete on one queue, so two events of one key
 * may run at once on two instances and the {@code orderedByKey} capability is off. {@link
 * Builder#orderedByKey(boolean)} gives each group's queue a single active consumer: one instance
 * receives the group's events in queue order, the others stand by and take over (with the unacked
 * events) when it stops; order holds, and one instance does the group's work.
 *
 * <p>Thread-safe. {@link #close()} closes subscriptions still open, waits up to five seconds for
 * outstanding confirms (if it ever connected) and closes the connections; afterwards every method
 * fails with {@link EventBusException}.
 */
public final class RabbitMqBroker implements Broker {
  private final Settings settings;
  private final Capabilities capabilities;
  private final RabbitMqDeadLetterStore deadLetters;
  private final BrokerLifecycle<RabbitMqRuntime> lifecycle =
      new BrokerLifecycle<>("RabbitMQ broker");

  private RabbitMqBroker(Settings settings) {
    this.settings = settings;
    boolean orderedByKey = settings.get(ConfigTable.ORDERED_BY_KEY);
    long maxMessageBytes = settings.get(ConfigTable.MAX_MESSAGE_BYTES);
    this.capabilities = new Capabilities(orderedByKey, true, true, false, true, maxMessageBytes);
    this.deadLetters = new RabbitMqDeadLetterStore(lifecycle::running);
  }

  /**
   * A builder with the defaults: {@code localhost:5672}, virtual host {@code /}, {@code
   * guest}/{@code guest}, quorum queues, competing instances without per-key order.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * Opens the connections; if the broker cannot be reached, returns all the same and keeps trying
   * (after 0.5 s, doubling to 5 s). Until then {@link #health()} is DOWN with the reason,
   * subscriptions are FAILING, publishes wait up to their deadline (then {@link
   * dev.eventbus.PublishException}), and dead-letter calls fail as retriable at once.
   *
   * @param context the bus's scheduler and meter registry
   */
  @Override
  public void start(BrokerContext context) {
    lifecycle.start(() -> RabbitMqRuntime.start(settings, context));
  }

  @Override
  public CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
    return lifecycle.running().publish(topic, null, message, deadline);
  }

  @Override
  public CompletableFuture<Void> sendToGroup(
      String topic, String group, BrokerMessage message, long deadline) {
    return lifecycle.running().publish(topic, group, message, deadline);
  }

  @Override
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    return lifecycle.running().subscribe(spec, listener);
  }

  @Override
  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  @Override
  public void validateNames(String topic, String group) {
    dev.eventbus.rabbitmq.internal.Topology.checkNames(topic, group);
  }

  @Override
  public String messageSizeLimit() {
    return "RabbitMQ max_message_size, " + ConfigTable.qualified(ConfigTable.MAX_MESSAGE_BYTES);
  }

  /** UP while both connections are open; DOWN, with the reason, until then and while one is not. */
  @Override
  public BrokerHealth health() {
    return lifecycle.health(RabbitMqRuntime::health);
  }

  @Override
  public void close() {
    lifecycle.close(RabbitMqRuntime::close);
  }

  @Override
  public String toString() {
    return "RabbitMqBroker{" + settings + "}";
  }

  /**
   * Configures a {@link RabbitMqBroker}; {@link #build()} validates every value and throws {@link
   * dev.eventbus.ConfigurationException} naming the key (as in {@link RabbitMqBrokerProvider}), the
   * value (never a secret) and what is allowed. Not thread-safe.
   */
  public static final class Builder {
    private final SettingValues values = ConfigTable.TABLE.values();
    private SSLContext sslContext;

    private Builder() {}

    /**
     * Reads host, port, virtual host, user, password and TLS ({@code amqps}) from a URI; setters
     * called after it override its parts. The URI is never echoed in errors or logs.
     *
     * @param uri {@code amqp://user:password@host:port/vhost}, percent-encoded
     * @return this builder
     */
    public Builder uri(String uri) {
      Settings.applyUri(uri, values);
      return this;
    }

    /**
     * The broker host; {@code localhost} by default.
     *
     * @param host a host name or address
     * @return this builder
     */
    public Builder host(String host) {
      return set(ConfigTable.HOST, host);
    }

    /**
     * The AMQP port; 5672, or 5671 with TLS, by default.
     *
     * @param port from 1 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      return set(ConfigTable.PORT, port);
    }

    /**
     * The virtual host; {@code /} by default.
     *
     * @param virtualHost the name
     * @return this builder
     */
    public Builder virtualHost(String virtualHost) {
      return set(ConfigTable.VIRTUAL_HOST, virtualHost);
    }

    /**
     * The user and password, {@code guest}/{@code guest} by default; the password is never shown.
     *
     * @param username the user
     * @param password the password
     * @return this builder
     */
    public Builder credentials(String username, String password) {
      values.set(ConfigTable.USERNAME, username);
      return set(ConfigTable.PASSWORD, password);
    }

    /**
     * Connects with TLS using the JVM's default trust store and host name verification.
     *
     * @param tls true for TLS; false by default
     * @return this builder
     */
    public Builder tls(boolean tls) {
      return set(ConfigTable.TLS, tls);
    }

    /**
     * Connects with TLS using this context (client certificates, a trust store), verifying hosts.
     *
     * @param sslContext the context
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /**
     * The type of the queues this broker declares; {@link QueueType#QUORUM} by default.
     *
     * @param queueType the type
     * @return this builder
     */
    public Builder queueType(QueueType queueType) {
      return set(ConfigTable.QUEUE_TYPE, queueType);
    }

    /**
     * Publishes on the wire and not yet confirmed, at most; 1024 by default. A larger window raises
     * throughput, a smaller one bounds what is resent after a reconnection.
     *
     * @param confirmWindow from 1 to 65536
     * @return this builder
     */
    public Builder confirmWindow(int confirmWindow) {
      return set(ConfigTable.CONFIRM_WINDOW, confirmWindow);
    }

    /**
     * Consumer acks sent together as one {@code basic.ack} with {@code multiple=true}, at most; 64
     * by default, capped at a quarter of the group's prefetch. A batch goes out when full, when the
     * group closes, and 5 ms after its first ack at the latest (acks above a delivery still in
     * flight go singly 5 ms later). A larger batch saves frames; a crash before it is sent
     * redelivers its events (at-least-once). Retries, dead letters and requeues are never delayed.
     *
     * @param ackBatchSize from 1 (each ack at once) to 65535
     * @return this builder
     */
    public Builder ackBatchSize(int ackBatchSize) {
      return set(ConfigTable.ACK_BATCH_SIZE, ackBatchSize);
    }

    /**
     * Has no effect: the bus bounds the publishes waiting for the window or for a connection
     * ({@link dev.eventbus.EventBus.Builder#maxPendingPublishes(int)}).
     *
     * @param publishBuffer from 1 to 1000000
     * @return this builder
     * @deprecated the bus's {@code maxPendingPublishes} bounds pending publishes; to be removed
     */
    @Deprecated
    public Builder publishBuffer(int publishBuffer) {
      return set(ConfigTable.PUBLISH_BUFFER, publishBuffer);
    }

    /**
     * Has no effect: the bus's publish timeout ({@link
     * dev.eventbus.EventBus.Builder#publishTimeout(Duration)}) bounds each publish.
     *
     * @param publishTimeout from 1 ms to 1 hour
     * @return this builder
     * @deprecated the bus's {@code publishTimeout} bounds each publish; to be removed
     */
    @Deprecated
    public Builder publishTimeout(Duration publishTimeout) {
      return set(ConfigTable.PUBLISH_TIMEOUT, publishTimeout);
    }

    /**
     * Whether per-key order is kept across instances (capability {@code orderedByKey}): each
     * group's queue gets a single active consumer. False by default; see the class documentation
     * for the trade-off. A queue keeps the arguments it was declared with: switching an existing
     * group fails at subscribe until its queue is deleted.
     *
     * @param orderedByKey true for per-key order with one active instance per group
     * @return this builder
     */
    public Builder orderedByKey(boolean orderedByKey) {
      return set(ConfigTable.ORDERED_BY_KEY, orderedByKey);
    }

    /**
     * The pause between reconnection attempts; 2 seconds by default.
     *
     * @param recoveryInterval from 10 ms to 10 minutes
     * @return this builder
     */
    public Builder recoveryInterval(Duration recoveryInterval) {
      return set(ConfigTable.RECOVERY_INTERVAL, recoveryInterval);
    }

    /**
     * The TCP connection timeout; 10 seconds by default.
     *
     * @param connectionTimeout from 100 ms to 10 minutes
     * @return this builder
     */
    public Builder connectionTimeout(Duration connectionTimeout) {
      return set(ConfigTable.CONNECTION_TIMEOUT, connectionTimeout);
    }

    /**
     * The largest message accepted, as the broker's {@code max_message_size}; 128 MiB by default.
     * Larger events fail at publish with {@link dev.eventbus.EventTooLargeException}.
     *
     * @param maxMessageBytes from 1024 to 536870912
     * @return this builder
     */
    public Builder maxMessageBytes(long maxMessageBytes) {
      return set(ConfigTable.MAX_MESSAGE_BYTES, maxMessageBytes);
    }

    /**
     * How published messages carry events, {@link ContentMode#BINARY} by default; consumers read
     * both modes on every topic.
     *
     * @param mode the content mode of every topic without one of its own
     * @return this builder
     */
    public Builder contentMode(ContentMode mode) {
      return set(ConfigTable.CONTENT_MODE, mode);
    }

    /**
     * How the messages published to one topic carry events, over {@link #contentMode(ContentMode)}.
     *
     * @param topic the topic
     * @param mode its content mode
     * @return this builder
     */
    public Builder contentMode(String topic, ContentMode mode) {
      Objects.requireNonNull(topic, "topic");
      values.put(ConfigTable.TOPIC_CONTENT_MODE, topic, Objects.requireNonNull(mode, "mode"));
      return this;
    }

    /**
     * The name shown for this broker's connections ({@code <name>-publisher}, {@code
     * <name>-consumer}); {@code eventbus} by default.
     *
     * @param connectionName a non-blank name
     * @return this builder
     */
    public Builder connectionName(String connectionName) {
      return set(ConfigTable.CONNECTION_NAME, connectionName);
    }

    /**
     * Validates and builds.
     *
     * @return a new broker, not started
     */
    public RabbitMqBroker build() {
      return new RabbitMqBroker(Settings.from(values, sslContext));
    }

    private <T> Builder set(Setting<T> setting, T value) {
      values.set(setting, value);
      return this;
    }

    /** The rows' values, for the provider's flat configuration. */
    SettingValues values() {
      return values;
    }
  }
}
