package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.eventbus.EventBusException;
import dev.eventbus.rabbitmq.ContentMode;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.QueueDepthGauges;
import dev.eventbus.spi.Scheduler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A started RabbitMQ broker: two connections (one publishes, one consumes and declares, so that a
 * resource alarm that blocks publishing never stalls acks), the confirming publisher, the topology
 * and the running subscriptions. Thread-safe.
 *
 * <p>Until the first connection, made in the background if start could not, nothing is declared or
 * published; on connecting, the queues of every subscription are declared before a publish that
 * waited goes out, so that it reaches them. The client recovers the connections after that.
 */
public final class RabbitMqRuntime {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqRuntime.class);
  private static final Duration CLOSE_CONFIRM_WAIT = Duration.ofSeconds(5);
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration LAST_RETRY = Duration.ofSeconds(5);

  final Settings settings;
  final Scheduler scheduler;
  final Duration publishTimeout; // the bus's: a publish waits this long for a connection, a confirm
  final Topology topology;
  final ConfirmingPublisher publisher;
  final ExecutorService maintenance;
  final ExecutorService writer; // the publisher's
  private final Connections connections;
  private final Set<RabbitMqSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final MeterRegistry meters;
  volatile Connection consumerConnection; // null until connected
  private volatile Connection publisherConnection;
  private volatile String connectFailure; // the last attempt's, null until one failed
  private boolean connected; // under this object's monitor
  private volatile boolean closed;
  private Gauge pendingGauge;
  private QueueDepthGauges queueDepths;

  private RabbitMqRuntime(Settings settings, BrokerContext context) {
    this.settings = settings;
    this.scheduler = context.scheduler();
    this.publishTimeout = context.publishTimeout();
    this.connections = new Connections(settings);
    this.topology = new Topology(settings.get(ConfigTable.QUEUE_TYPE), this::notConnected);
    this.writer = Executors.newSingleThreadExecutor(daemon("eventbus-rabbitmq-writer"));
    this.maintenance = Executors.newSingleThreadExecutor(daemon("eventbus-rabbitmq-maintenance"));
    this.publisher = new ConfirmingPublisher(this);
    this.meters = context.meterRegistry();
    if (meters != null) {
      pendingGauge =
          Gauge.builder("eventbus.rabbitmq.publish.pending", publisher::pending)
              .description("Publishes sent or buffered and not yet confirmed by RabbitMQ")
              .tag("connection", settings.get(ConfigTable.CONNECTION_NAME))
              .register(meters);
      queueDepths =
          new QueueDepthGauges(
              meters,
              "Messages ready in the group's queue, not yet delivered",
              Duration.ofSeconds(2),
              maintenance);
    }
  }

  /** Connects, or starts trying to in the background if the broker cannot be reached. */
  public static RabbitMqRuntime start(Settings settings, BrokerContext context) {
    RabbitMqRuntime runtime = new RabbitMqRuntime(settings, context);
    runtime.scheduleSweep();
    runtime.connect(FIRST_RETRY);
    return runtime;
  }

  private void connect(Duration backoff) {
    Connection publishing = null;
    try {
      publishing = connections.open("publisher");
      connected(publishing, connections.open("consumer"));
    } catch (RuntimeException e) {
      Connections.closeQuietly(publishing);
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      // The first failure is worth a warning; each attempt after it would flood the log.
      Level level = connectFailure == null ? Level.WARN : Level.DEBUG;
      connectFailure = settings.redaction.redact(cause.toString());
      publisher.unreachable(settings.redaction.scrub(cause));
      log.atLevel(level).log("{}; trying again in {} ms", notConnected(), backoff.toMillis());
      Duration next =
          backoff.multipliedBy(2).compareTo(LAST_RETRY) < 0 ? backoff.multipliedBy(2) : LAST_RETRY;
      scheduler.schedule(backoff, () -> execute(maintenance, () -> connect(next)));
    }
  }

  /** Declares what publishes and subscriptions need, starts the consumers, then publishes. */
  private void connected(Connection publishing, Connection consuming) {
    topology.attach(consuming);
    List<RabbitMqSubscription> waiting;
    synchronized (this) {
      if (closed) {
        Connections.closeQuietly(publishing);
        Connections.closeQuietly(consuming);
        return;
      }
      publisherConnection = publishing;
      consumerConnection = consuming;
      connected = true;
      waiting = List.copyOf(subscriptions);
    }
    ((Recoverable) publishing).addRecoveryListener(new PublisherRecovery());
    waiting.forEach(RabbitMqSubscription::resubscribe);
    publisher.attach(publishing);
    if (connectFailure != null) {
      log.info("Connected to RabbitMQ at {}", settings.endpoint());
    }
  }

  /** Why there is no connection, while there is none. */
  String notConnected() {
    return "not connected to RabbitMQ at %s since start, trying again every %d s at most: %s"
        .formatted(settings.endpoint(), LAST_RETRY.toSeconds(), connectFailure);
  }

  private static void execute(Executor executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private final class PublisherRecovery implements RecoveryListener {
    @Override
    public void handleRecovery(Recoverable recoverable) {
      log.info("RabbitMQ publishing connection to {} recovered", settings.endpoint());
      publisher.onRecovered();
    }

    @Override
    public void handleRecoveryStarted(Recoverable recoverable) {}
  }

  private void scheduleSweep() {
    long millis = Math.max(10, Math.min(1000, publishTimeout.toMillis() / 10));
    scheduler.schedule(
        Duration.ofMillis(millis),
        () -> {
          if (!closed) {
            execute(
                writer,
                () -> {
                  publisher.expire();
                  scheduleSweep();
                });
          }
        });
  }

  /**
   * Publishes in the topic's content mode to every group of a topic (group null), not mandatory: a
   * topic without groups keeps nothing, as a Kafka topic nobody reads. Or to one group's queue
   * through the default exchange, mandatory: it fails if the queue does not exist. Completes on
   * confirm, fails once the deadline (a {@code System.nanoTime()} reading) has passed.
   */
  public CompletableFuture<Void> publish(
      String topic, String group, BrokerMessage message, long deadline) {
    long left;
    try {
      checkOpen();
      left = deadline - System.nanoTime(); // on the publisher's clock from now
      if (left <= 0) {
        return CompletableFuture.failedFuture(Broker.deadlinePassed(message.id(), "RabbitMQ"));
      }
      if (group == null) {
        topology.declareExchange(topic); // the bus checked the topic's name
      } else {
        Topology.checkNames(topic, group);
      }
    } catch (EventBusException e) {
      return CompletableFuture.failedFuture(e);
    }
    ContentMode mode = settings.contentMode(topic);
    AMQP.BasicProperties props = AmqpMessages.properties(message, mode);
    byte[] body = AmqpMessages.body(message, mode);
    return group == null
        ? publisher.publish(topic, AmqpMessages.routingKey(message), false, props, body, left)
        : publisher.publish("", Topology.groupQueue(topic, group), true, props, body, left);
  }

  /** Declares the group and starts consuming it; once connected, if not yet. */
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    checkOpen();
    Topology.checkNames(spec.topic(), spec.group());
    RabbitMqSubscription subscription = new RabbitMqSubscription(this, spec, listener);
    boolean now;
    synchronized (this) {
      now = connected;
      if (!now) {
        subscription.awaitConnection(); // connected() starts it
      }
      subscriptions.add(subscription);
    }
    if (now) {
      try {
        subscription.start();
      } catch (RuntimeException e) {
        subscription.close();
        throw e;
      }
    }
    if (queueDepths != null) {
      String queue = subscription.queue;
      queueDepths.register(
          spec.topic(),
          spec.group(),
          "messages in queue " + queue,
          () -> topology.messageCount(queue));
    }
    return subscription;
  }

  private void checkOpen() {
    if (closed) {
      throw new EventBusException("The RabbitMQ broker is closed");
    }
  }

  /** UP while both connections are open, else DOWN naming which; reads client state only. */
  public BrokerHealth health() {
    Connection publishingConnection = publisherConnection;
    Connection consumingConnection = consumerConnection;
    if (publishingConnection == null || consumingConnection == null) {
      return BrokerHealth.down(notConnected());
    }
    boolean publishing = publishingConnection.isOpen();
    boolean consuming = consumingConnection.isOpen();
    if (publishing && consuming) {
      return BrokerHealth.up("connected to " + settings.endpoint());
    }
    return BrokerHealth.down(
        (publishing ? "" : "publishing connection down; ")
            + (consuming ? "" : "consuming connection down; ")
            + "recovering against "
            + settings.endpoint());
  }

  /**
   * Stops connecting, closes subscriptions still open, waits briefly for confirms (not at all if it
   * never connected), and closes the connections.
   */
  public void close() {
    boolean wasConnected;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      wasConnected = connected;
    }
    for (RabbitMqSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    publisher.close(wasConnected ? CLOSE_CONFIRM_WAIT : Duration.ZERO);
    if (pendingGauge != null) {
      meters.remove(pendingGauge);
    }
    if (queueDepths != null) {
      queueDepths.close();
    }
    Connections.closeQuietly(publisherConnection);
    Connections.closeQuietly(consumerConnection);
    writer.shutdownNow();
    maintenance.shutdownNow();
    try {
      writer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void removed(RabbitMqSubscription subscription) {
    subscriptions.remove(subscription);
  }

  /** The scheduler's clock in nanoseconds, which publish deadlines run on. */
  long nanoTime() {
    Instant now = scheduler.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
