package dev.eventbus.kafka.internal;

import dev.eventbus.HealthStatus;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.RefreshingHealth;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running part of a {@code KafkaBroker}: one idempotent producer and one admin client shared by
 * everything, one consumer per subscription, and what the subscriptions share. Thread-safe.
 */
public final class KafkaClients {
  private static final Logger log = LoggerFactory.getLogger(KafkaClients.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_POLL_RECORDS = 500;
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
  // A member that cannot make its topics within this reads FAILING, and tries again.
  static final Duration SET_UP_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration HEALTH_TTL = Duration.ofSeconds(5);

  final KafkaPublisher publisher;
  final Topics topics;
  final Scheduler scheduler;
  final LagGauges lagGauges;
  final Duration commitInterval;
  final Set<KafkaSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  final KafkaSettings settings;
  private final Producer<byte[], byte[]> producer;
  private final Admin admin;
  private final GroupPositions positions;
  private final KafkaDeadLetterStore deadLetters;
  private final AtomicInteger members = new AtomicInteger();
  private final RefreshingHealth health;

  /** Nothing blocks on the broker being reachable; a client that cannot be created fails. */
  public KafkaClients(KafkaSettings settings, BrokerContext context) {
    this.settings = settings;
    try {
      this.producer = new KafkaProducer<>(settings.producerConfig(context.publishTimeout()));
      this.admin = Admin.create(settings.adminConfig());
    } catch (RuntimeException e) {
      throw settings.redaction.failure("Cannot create Kafka clients", e);
    }
    this.topics = new Topics(admin, settings);
    this.publisher = new KafkaPublisher(producer, settings, topics::maxMessageBytes);
    this.positions = new GroupPositions(admin);
    this.deadLetters = new KafkaDeadLetterStore(settings, publisher, this::clusterNow);
    this.lagGauges = new LagGauges(context.meterRegistry());
    this.scheduler = context.scheduler();
    this.commitInterval = settings.get(KafkaConfigTable.CONSUMER_COMMIT_INTERVAL);
    this.health =
        new RefreshingHealth(
            "cluster unreachable",
            () ->
                admin
                    .describeCluster(
                        new DescribeClusterOptions().timeoutMs((int) HEALTH_TIMEOUT.toMillis()))
                    .nodes()
                    .toCompletionStage()
                    .thenApply(
                        nodes -> BrokerHealth.up(nodes.size() + " broker node(s) reachable")),
            HEALTH_TIMEOUT.plusMillis(500),
            HEALTH_TTL);
    health.value(); // the first answer is on its way before anyone asks
  }

  /**
   * Sends in order to a topic, creating it first if allowed, within the deadline (a {@code
   * System.nanoTime()} reading).
   */
  public List<CompletableFuture<Void>> send(
      String topic, List<BrokerMessage> messages, long deadline) {
    List<CompletableFuture<Void>> futures = new ArrayList<>(messages.size());
    RuntimeException unusable = unusable(topic, deadline);
    for (BrokerMessage m : messages) {
      futures.add(
          unusable != null
              ? CompletableFuture.failedFuture(unusable)
              : publisher.send(topic, topic, m, Map.of()));
    }
    return futures;
  }

  /** Sends to a topic, creating it first if allowed, within the deadline; size checked already. */
  public CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
    RuntimeException unusable = unusable(topic, deadline);
    return unusable != null
        ? CompletableFuture.failedFuture(unusable)
        : publisher.send(topic, topic, message, Map.of());
  }

  /** Why a topic cannot be sent to, or null; the bus checked its name before (validateNames). */
  private RuntimeException unusable(String topic, long deadline) {
    try {
      topics.ensure(topic, Topics.Kind.EVENTS, deadline);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Sends a message to one group's retry topic, due now. */
  public CompletableFuture<Void> sendToGroup(String topic, String group, BrokerMessage message) {
    try {
      Topics.validateNames(topic, group);
      String retryTopic = Topics.retryTopic(topic, group);
      topics.ensure(retryTopic, Topics.Kind.RETRY);
      long now = scheduler.now().toEpochMilli();
      CompletableFuture<Void> sent =
          publisher.send(
              retryTopic, topic, message, Map.of(RecordMapping.DUE_HEADER, Long.toString(now)));
      // Members of the group in this process fetch that partition now rather than at their next
      // end-offset check.
      sent.thenRun(
          () -> {
            int partition = KafkaPublisher.partitionOf(sent);
            for (KafkaSubscription s : subscriptions) {
              if (s.retryTopic.equals(retryTopic)) {
                s.retryWrites.written(partition);
              }
            }
          });
      return sent;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Starts a group member; it makes its topics and the group's start offsets on its own thread
   * ({@link #setUp}), so this never waits for Kafka.
   */
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    Topics.validateNames(spec.topic(), spec.group());
    boolean ready = setUpIfReachable(spec);
    int maxPollRecords = Math.min(spec.maxInFlight(), MAX_POLL_RECORDS);
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer =
          new KafkaConsumer<>(
              settings.groupConsumerConfig(
                  spec.group(), members.incrementAndGet(), maxPollRecords));
    } catch (RuntimeException e) {
      throw settings.redaction.failure("Cannot create a Kafka consumer", e);
    }
    KafkaSubscription subscription = new KafkaSubscription(spec, listener, consumer, this, ready);
    subscriptions.add(subscription);
    subscription.start();
    return subscription;
  }

  /**
   * Sets a member up before subscribe returns while Kafka answers, so that a group new to a topic
   * at {@code LATEST} misses nothing published after subscribe returned; a topic that is missing
   * where topics are not created fails subscribe then. While Kafka does not answer the member sets
   * itself up on its own thread, and a {@code LATEST} group starts where the topic ends then.
   */
  private boolean setUpIfReachable(ConsumerSpec spec) {
    if (health.firstAnswer().status() != HealthStatus.UP) {
      return false;
    }
    try {
      setUp(spec, null);
      return true;
    } catch (RetryableEventBusException e) {
      return false;
    }
  }

  /**
   * Creates a member's topics (its dead-letter topic too, so that dead-lettering never waits for
   * it) and its group's start offsets. Waits for Kafka at most {@link #SET_UP_TIMEOUT} per topic.
   *
   * @param subscribedAt for a member set up after subscribe returned, when it subscribed: a new
   *     group at {@code LATEST} then starts at the first event published since, not at the end of
   *     the topic, which would skip what was published in between; null at subscribe
   */
  void setUp(ConsumerSpec spec, Instant subscribedAt) {
    topics.ensure(spec.topic(), Topics.Kind.EVENTS, System.nanoTime() + SET_UP_TIMEOUT.toNanos());
    String retry = Topics.retryTopic(spec.topic(), spec.group());
    topics.ensure(retry, Topics.Kind.RETRY, System.nanoTime() + SET_UP_TIMEOUT.toNanos());
    String deadLetters = Topics.deadLetterTopic(spec.topic(), spec.group());
    topics.ensure(
        deadLetters, Topics.Kind.DEAD_LETTER, System.nanoTime() + SET_UP_TIMEOUT.toNanos());
    Instant startTime = settings.groupStartTimes.get(spec.group());
    if (startTime == null && spec.startPosition() == StartPosition.LATEST) {
      startTime = subscribedAt;
    }
    positions.prepare(spec.topic(), spec.group(), spec.startPosition(), startTime);
  }

  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  /**
   * The last answer of a metadata request, refreshing it never blocks the caller; DOWN as well
   * while a subscription's consumer is out of contact with Kafka, which it finds out sooner.
   */
  public BrokerHealth health() {
    BrokerHealth cluster = health.value();
    if (cluster.status() == HealthStatus.UP) {
      for (KafkaSubscription s : subscriptions) {
        String lost = s.contact.lostReason();
        if (lost != null) {
          return BrokerHealth.down(
              lost + " (consumer of " + s.spec.topic() + "/" + s.spec.group() + ")");
        }
      }
    }
    return cluster;
  }

  /** The cluster's last answer, or while that is not UP a fresh one, waited for briefly. */
  private BrokerHealth clusterNow() {
    BrokerHealth last = health.value();
    return last.status() == HealthStatus.UP ? last : health.checkNow();
  }

  /** Closes open subscriptions, then flushes and closes the producer and the admin client. */
  public void close() {
    subscriptions.forEach(KafkaSubscription::close);
    subscriptions.clear();
    closeQuietly("producer", () -> producer.close(CLOSE_TIMEOUT));
    // Nothing waits on an admin call by now but a health refresh or a lag reading, which an
    // unreachable cluster would keep pending for the whole timeout: they are dropped at once.
    closeQuietly("admin client", () -> admin.close(Duration.ZERO));
    deadLetters.close();
    lagGauges.clear();
  }

  private void closeQuietly(String client, Runnable close) {
    try {
      close.run();
    } catch (KafkaException e) {
      log.warn("Closing the Kafka {} failed", client, settings.redaction.scrub(e));
    }
  }
}
