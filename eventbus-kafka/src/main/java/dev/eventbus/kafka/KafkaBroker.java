package dev.eventbus.kafka;

import dev.eventbus.EventBusException;
import dev.eventbus.kafka.internal.KafkaClients;
import dev.eventbus.kafka.internal.KafkaConfigTable;
import dev.eventbus.kafka.internal.KafkaSettings;
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
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The eventbus broker on Apache Kafka.
 *
 * <pre>{@code
 * Broker kafka = KafkaBroker.builder()
 *     .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *     .clientId("billing-service")
 *     .topicPartitions(12)
 *     .topicReplicationFactor(3)
 *     .build();
 * EventBus bus = EventBus.builder().broker(kafka).build();
 * }</pre>
 *
 * <p><b>Mapping</b> (in full in {@code docs/kafka.md}). A topic is a Kafka topic, a group a
 * consumer group with a retry topic {@code <topic>.<group>.retry} and a compacted dead-letter topic
 * {@code <topic>.<group>.dlq}; the partition key is the record key, so one key's events keep order.
 *
 * <p><b>Guarantees.</b> The producer is idempotent with {@code acks=all}: a send completes when the
 * in-sync replicas have the record. Offsets are committed only up to the first delivery of each
 * partition that is not yet settled, so a crash redelivers, never skips. Consumer lag per partition
 * is the gauge {@code eventbus.consumer.lag} (tags {@code topic}, {@code group}, {@code
 * partition}).
 *
 * <p><b>Threads.</b> Thread-safe. Each subscription has a poll thread of its own; send futures
 * complete on the producer's I/O thread. {@link #close()} closes open subscriptions, then flushes
 * the producer; it is idempotent, and afterwards every method fails with {@link EventBusException}.
 */
public final class KafkaBroker implements Broker {
  /** The provider name: {@code eventbus.broker=kafka}. */
  public static final String NAME = "kafka";

  /** Client id prefix by default. */
  public static final String DEFAULT_CLIENT_ID = "eventbus";

  /** Partitions of topics this adapter creates, by default. */
  public static final int DEFAULT_TOPIC_PARTITIONS = 3;

  /** How long the producer waits to fill a batch, by default. */
  public static final Duration DEFAULT_LINGER = KafkaConfigTable.PRODUCER_LINGER.defaultValue();

  /** Producer batch size in bytes by default. */
  public static final int DEFAULT_BATCH_SIZE = 64 * 1024;

  /** Producer compression by default. */
  public static final String DEFAULT_COMPRESSION = "none";

  /** Largest request (and so event) the producer sends, by default: 1 MiB. */
  public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

  /**
   * How long a send may take, retries included, under a bus with the default publish timeout.
   *
   * @deprecated the delivery timeout is the bus's publish timeout unless {@link
   *     Builder#deliveryTimeout} sets it; to be removed
   */
  @Deprecated(forRemoval = true)
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);

  /** Kafka's {@code max.poll.interval.ms} by default; handlers may take longer than this. */
  public static final Duration DEFAULT_MAX_POLL_INTERVAL =
      KafkaConfigTable.CONSUMER_MAX_POLL_INTERVAL.defaultValue();

  /** Kafka's {@code session.timeout.ms} by default: how soon a crashed member is replaced. */
  public static final Duration DEFAULT_SESSION_TIMEOUT =
      KafkaConfigTable.CONSUMER_SESSION_TIMEOUT.defaultValue();

  /** How often settled offsets are committed at most, by default. */
  public static final Duration DEFAULT_COMMIT_INTERVAL =
      KafkaConfigTable.CONSUMER_COMMIT_INTERVAL.defaultValue();

  private final KafkaSettings settings;
  private final Capabilities capabilities;
  private final BrokerLifecycle<KafkaClients> lifecycle = new BrokerLifecycle<>("Kafka broker");

  private KafkaBroker(KafkaSettings settings) {
    this.settings = settings;
    int maxMessageBytes = settings.get(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE);
    this.capabilities = new Capabilities(true, true, true, true, true, maxMessageBytes);
  }

  /** {@return a new builder}; {@link Builder#bootstrapServers} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Every capability (retry and dead-letter topics); the largest message is max.request.size. */
  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * Creates the clients without waiting for Kafka; an {@link EventBusException} if called twice or
   * after close, or if a client cannot be created.
   */
  @Override
  public void start(BrokerContext context) {
    Objects.requireNonNull(context, "context");
    lifecycle.start(() -> new KafkaClients(settings, context));
  }

  @Override
  public void validateNames(String topic, String group) {
    dev.eventbus.kafka.internal.Topics.validateNames(topic, group);
  }

  @Override
  public String messageSizeLimit() {
    return "Kafka max.request.size, "
        + KafkaConfigTable.TABLE.qualified(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE.name());
  }

  /**
   * Hands the record to the producer, which bounds it by {@code producer.delivery-timeout}; a send
   * whose deadline has passed fails at once.
   */
  @Override
  public CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
    KafkaClients clients = lifecycle.running();
    return Broker.passed(deadline) ? late(message) : clients.send(topic, message, deadline);
  }

  /** Sends in order through the one producer, so records of one key keep their order. */
  @Override
  public List<CompletableFuture<Void>> sendBatch(
      String topic, List<BrokerMessage> messages, long deadline) {
    KafkaClients clients = lifecycle.running();
    return Broker.passed(deadline)
        ? messages.stream().map(KafkaBroker::late).toList()
        : clients.send(topic, messages, deadline);
  }

  /** Writes to the group's retry topic, due now, so that only that group receives it. */
  @Override
  public CompletableFuture<Void> sendToGroup(
      String topic, String group, BrokerMessage message, long deadline) {
    KafkaClients clients = lifecycle.running();
    return Broker.passed(deadline) ? late(message) : clients.sendToGroup(topic, group, message);
  }

  private static CompletableFuture<Void> late(BrokerMessage message) {
    return CompletableFuture.failedFuture(Broker.deadlinePassed(message.id(), "Kafka"));
  }

  /**
   * Joins the consumer group and starts a poll thread, creating the topics first when allowed. A
   * group new to the topic that starts at {@code LATEST} (or at {@link Builder#groupStartTime})
   * gets its start offsets committed before this returns, so later events are delivered.
   */
  @Override
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    return lifecycle.running().subscribe(spec, listener);
  }

  /** Dead letters in the compacted topics {@code <topic>.<group>.dlq}. */
  @Override
  public DeadLetterStore deadLetters() {
    return lifecycle.running().deadLetters();
  }

  /**
   * UP when the cluster answers a metadata request within 2 s (reused for 5 s); DOWN otherwise, and
   * when not running. Subscriptions report their own state.
   */
  @Override
  public BrokerHealth health() {
    return lifecycle.health(KafkaClients::health);
  }

  @Override
  public void close() {
    lifecycle.close(KafkaClients::close);
  }

  /** The validated configuration, for tests in this package. */
  KafkaSettings settings() {
    return settings;
  }

  /** Shows the configuration with every secret redacted. */
  @Override
  public String toString() {
    return "KafkaBroker{" + settings + "}";
  }

  /**
   * Configures a {@link KafkaBroker}, a setter per key of {@link KafkaBrokerProvider#settings()};
   * {@link #build()} checks them all, failing with a {@link dev.eventbus.ConfigurationException}
   * that names the key, the value (never a secret) and what is allowed. Not thread-safe.
   */
  public static final class Builder {
    private final SettingValues values = KafkaConfigTable.TABLE.values();

    private Builder() {}

    private <T> Builder set(Setting<T> row, T value) {
      values.set(row, value);
      return this;
    }

    /** The brokers to bootstrap from, comma-separated {@code host:port} pairs. Required. */
    public Builder bootstrapServers(String servers) {
      return set(KafkaConfigTable.BOOTSTRAP_SERVERS, servers);
    }

    /** Client id prefix (default {@value #DEFAULT_CLIENT_ID}); consumers add group and number. */
    public Builder clientId(String clientId) {
      return set(KafkaConfigTable.CLIENT_ID, clientId);
    }

    /** Partitions of topics and retry topics it creates, 1 to 10000, default 3 (dead letters 1). */
    public Builder topicPartitions(int partitions) {
      return set(KafkaConfigTable.TOPIC_PARTITIONS, partitions);
    }

    /** Replication of created topics: 1 or more, or -1 (default) for the broker's default. */
    public Builder topicReplicationFactor(int factor) {
      return set(KafkaConfigTable.TOPIC_REPLICATION_FACTOR, factor);
    }

    /** Whether missing topics (retry, dead-letter too) are created, else fail; default true. */
    public Builder autoCreateTopics(boolean allowed) {
      return set(KafkaConfigTable.TOPIC_AUTO_CREATE, allowed);
    }

    /** Producer {@code linger.ms}: how long to wait to fill a batch, 0 to 30 s, default 5 ms. */
    public Builder linger(Duration linger) {
      return set(KafkaConfigTable.PRODUCER_LINGER, linger);
    }

    /** Producer {@code batch.size} in bytes, 0 (no batching) to 16 MiB, default 64 KiB. */
    public Builder batchSize(int bytes) {
      return set(KafkaConfigTable.PRODUCER_BATCH_SIZE, bytes);
    }

    /** Producer {@code compression.type}: none (default), gzip, snappy, lz4 or zstd. */
    public Builder compression(String type) {
      return set(KafkaConfigTable.PRODUCER_COMPRESSION, type);
    }

    /** How records carry events, default {@link ContentMode#BINARY}; consumers read both modes. */
    public Builder contentMode(ContentMode mode) {
      return set(KafkaConfigTable.PRODUCER_CONTENT_MODE, mode);
    }

    /** How one topic's records (and their retry copies) carry events, over the broker's mode. */
    public Builder contentMode(String topic, ContentMode mode) {
      return put(KafkaConfigTable.TOPIC_CONTENT_MODE, topic, Objects.requireNonNull(mode, "mode"));
    }

    /**
     * Producer {@code max.request.size}, the largest event: 1 KiB to 100 MiB, default 1 MiB; the
     * broker's {@code message.max.bytes} must allow it too.
     */
    public Builder maxRequestSize(int bytes) {
      return set(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE, bytes);
    }

    /**
     * Producer {@code delivery.timeout.ms} and {@code max.block.ms}, 1 s to 1 day and over the
     * linger; by default the bus's publish timeout, so that a publish fails within it.
     */
    public Builder deliveryTimeout(Duration timeout) {
      return set(KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT, timeout);
    }

    /** Consumer {@code max.poll.interval.ms}, 1 s to 1 day, default 5 min; handlers never count. */
    public Builder maxPollInterval(Duration interval) {
      return set(KafkaConfigTable.CONSUMER_MAX_POLL_INTERVAL, interval);
    }

    /** Consumer {@code session.timeout.ms} (classic protocol), 1 s to 30 min, default 45 s. */
    public Builder sessionTimeout(Duration timeout) {
      return set(KafkaConfigTable.CONSUMER_SESSION_TIMEOUT, timeout);
    }

    /** How often settled offsets are committed at most, 0 to 1 min, default 100 ms. */
    public Builder commitInterval(Duration interval) {
      return set(KafkaConfigTable.CONSUMER_COMMIT_INTERVAL, interval);
    }

    /** The connection security: PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL. */
    public Builder securityProtocol(String protocol) {
      return set(KafkaConfigTable.SECURITY_PROTOCOL, protocol);
    }

    /** SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; others via sasl.jaas.config. */
    public Builder saslMechanism(String mechanism) {
      return set(KafkaConfigTable.SASL_MECHANISM, mechanism);
    }

    /** The SASL user name. */
    public Builder saslUsername(String username) {
      return set(KafkaConfigTable.SASL_USERNAME, username);
    }

    /** The SASL password. Never logged or shown. */
    public Builder saslPassword(String password) {
      return set(KafkaConfigTable.SASL_PASSWORD, password);
    }

    /** The trust store file for TLS; without it the JVM's trust store is used. */
    public Builder truststoreLocation(String location) {
      return set(KafkaConfigTable.SSL_TRUSTSTORE_LOCATION, location);
    }

    /** The trust store password. Never logged or shown. */
    public Builder truststorePassword(String password) {
      return set(KafkaConfigTable.SSL_TRUSTSTORE_PASSWORD, password);
    }

    /** The trust store type: JKS, PKCS12 or PEM; Kafka's default if unset. */
    public Builder truststoreType(String type) {
      return set(KafkaConfigTable.SSL_TRUSTSTORE_TYPE, type);
    }

    /** The key store file for TLS client authentication. */
    public Builder keystoreLocation(String location) {
      return set(KafkaConfigTable.SSL_KEYSTORE_LOCATION, location);
    }

    /** The key store password. Never logged or shown. */
    public Builder keystorePassword(String password) {
      return set(KafkaConfigTable.SSL_KEYSTORE_PASSWORD, password);
    }

    /** The key store type: JKS, PKCS12 or PEM; Kafka's default if unset. */
    public Builder keystoreType(String type) {
      return set(KafkaConfigTable.SSL_KEYSTORE_TYPE, type);
    }

    /** The password of the private key in the key store. Never logged or shown. */
    public Builder keyPassword(String password) {
      return set(KafkaConfigTable.SSL_KEY_PASSWORD, password);
    }

    /** Whether TLS checks that the broker's certificate names its host name, default true. */
    public Builder endpointIdentification(boolean enabled) {
      return set(KafkaConfigTable.SSL_ENDPOINT_IDENTIFICATION, enabled);
    }

    /**
     * Passes a kafka-clients property to every client as it is; {@link #build()} rejects those the
     * guarantees rest on ({@code acks}, {@code group.id}, ...), names kafka-clients does not define
     * and values their definitions reject. Password values are never shown.
     */
    public Builder clientProperty(String key, String value) {
      return put(KafkaConfigTable.CLIENT_PROPERTY, key, value);
    }

    /** Makes a group new to a topic start at the first event at or after a time: a replay. */
    public Builder groupStartTime(String group, Instant time) {
      return put(KafkaConfigTable.GROUP_START_TIME, group, Objects.requireNonNull(time, "time"));
    }

    private <T> Builder put(Setting<T> row, String name, T value) {
      values.put(row, Objects.requireNonNull(name, "name"), value);
      return this;
    }

    /** {@return the validated broker}; nothing connects until the bus starts it. */
    public KafkaBroker build() {
      return new KafkaBroker(KafkaSettings.from(values));
    }

    /** The rows' values, for flat configuration. */
    SettingValues values() {
      return values;
    }
  }
}
