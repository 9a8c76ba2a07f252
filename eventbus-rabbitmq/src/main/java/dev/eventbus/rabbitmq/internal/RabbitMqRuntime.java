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
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started RabbitMQ broker: two connections (one publishes, one consumes and declares, so that a
 * resource alarm that blocks publishing never stalls acks), the confirming publisher, the topology
 * and the running subscriptions. Thread-safe.
 */
public final class RabbitMqRuntime {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqRuntime.class);
  private static final Duration CLOSE_CONFIRM_WAIT = Duration.ofSeconds(5);

  final Settings settings;
  final Scheduler scheduler;
  final Duration publishTimeout; // the bus's: a publish waits this long for a connection, a confirm
  final Connection consumerConnection;
  final Topology topology;
  final ConfirmingPublisher publisher;
  final ExecutorService maintenance;
  private final Connection publisherConnection;
  private final ExecutorService writer;
  private final Set<RabbitMqSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final MeterRegistry meters;
  private volatile boolean closed;
  private Gauge pendingGauge;
  private QueueDepthGauges queueDepths;

  private RabbitMqRuntime(
      Settings settings, BrokerContext context, Connection publishing, Connection consuming)
      throws IOException {
    this.settings = settings;
    this.scheduler = context.scheduler();
    this.publishTimeout = context.publishTimeout();
    this.publisherConnection = publishing;
    this.consumerConnection = consuming;
    this.topology = new Topology(consuming, settings.get(ConfigTable.QUEUE_TYPE));
    this.writer = Executors.newSingleThreadExecutor(daemon("eventbus-rabbitmq-writer"));
    this.maintenance = Executors.newSingleThreadExecutor(daemon("eventbus-rabbitmq-maintenance"));
    this.publisher =
        new ConfirmingPublisher(
            publishing,
            settings,
            publishTimeout,
            writer,
            () -> nanos(scheduler.now()),
            cause -> {
              if (Topology.isNotFound(cause)) {
                topology.forgetExchanges();
              }
            });
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

  /** Connects and starts the publisher; retryable failure if the broker cannot be reached. */
  public static RabbitMqRuntime start(Settings settings, BrokerContext context) {
    Connections connections = new Connections(settings);
    Connection publishing = connections.open("publisher");
    Connection consuming = null;
    try {
      consuming = connections.open("consumer");
      RabbitMqRuntime runtime = new RabbitMqRuntime(settings, context, publishing, consuming);
      ((Recoverable) publishing).addRecoveryListener(runtime.new PublisherRecovery());
      runtime.scheduleSweep();
      return runtime;
    } catch (IOException | RuntimeException e) {
      Connections.closeQuietly(publishing);
      Connections.closeQuietly(consuming);
      throw e instanceof EventBusException ebe
          ? ebe
          : new EventBusException("Starting the RabbitMQ broker failed: " + e, e);
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
            writer.execute(
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

  /** Declares the group and starts consuming it. */
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    checkOpen();
    Topology.checkNames(spec.topic(), spec.group());
    RabbitMqSubscription subscription = new RabbitMqSubscription(this, spec, listener);
    subscriptions.add(subscription);
    try {
      subscription.start();
    } catch (RuntimeException e) {
      subscription.close();
      throw e;
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
    boolean publishing = publisherConnection.isOpen();
    boolean consuming = consumerConnection.isOpen();
    if (publishing && consuming) {
      return BrokerHealth.up("connected to " + settings.endpoint());
    }
    return BrokerHealth.down(
        (publishing ? "" : "publishing connection down; ")
            + (consuming ? "" : "consuming connection down; ")
            + "recovering against "
            + settings.endpoint());
  }

  /** Closes subscriptions still open, waits briefly for confirms, and closes the connections. */
  public void close() {
    if (closed) {
      return;
    }
    for (RabbitMqSubscription s : List.copyOf(subscriptions)) {
      s.close();
    }
    publisher.close(CLOSE_CONFIRM_WAIT);
    closed = true;
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

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
