package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.eventbus.EventBusException;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeliveryListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a group's queue on one channel with manual acks and {@code basic.qos} prefetch equal to
 * the in-flight bound; deliveries reach the listener in channel order. Acks go out in batches
 * ({@link BatchedAcks}); retries and dead letters are {@link Settlements}.
 *
 * <p>If the connection drops, the client recovers the channel and re-registers the consumer; the
 * broker requeued every unacked message, so earlier deliveries are stale. If only the channel fails
 * (queue deleted, consumer cancelled), the subscription declares its queue again and consumes anew
 * after the recovery interval. The state is {@link SubscriptionState#FAILING} in between, and
 * before the broker's first connection, which starts it; {@link #failureReason()} says why.
 *
 * <p>Thread-safe: deliveries arrive on the client's dispatch thread; settlements come from any.
 */
final class RabbitMqSubscription implements BrokerSubscription {
  private static final Logger log = LoggerFactory.getLogger(RabbitMqSubscription.class);
  private static final int MAX_PREFETCH = 65_535;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final RabbitMqRuntime runtime;
  final ConsumerSpec spec;
  final String queue;
  final Settlements settlements;
  private final DeliveryListener listener;
  private final boolean singleActiveConsumer;
  private final int prefetch;
  private final ArrayDeque<RabbitMqDelivery> held = new ArrayDeque<>();
  private final BatchedAcks acks;
  private int inFlight;
  private volatile long epoch; // written under the monitor; read alone to tag a delivery
  private volatile Channel channel;
  private volatile String consumerTag;
  private volatile SubscriptionState state = SubscriptionState.STARTING;
  private volatile String failure; // why FAILING, when the runtime's connection is not the reason
  private volatile boolean fetching = true;
  private volatile boolean closed;
  private final AtomicBoolean closing = new AtomicBoolean();

  RabbitMqSubscription(RabbitMqRuntime runtime, ConsumerSpec spec, DeliveryListener listener) {
    this.runtime = runtime;
    this.spec = spec;
    this.listener = listener;
    this.queue = Topology.groupQueue(spec.topic(), spec.group());
    this.singleActiveConsumer =
        spec.orderedByKey() && runtime.settings.get(ConfigTable.ORDERED_BY_KEY);
    this.prefetch = Math.min(spec.maxInFlight(), MAX_PREFETCH);
    // A batch of at most a quarter of the prefetch window keeps the broker delivering meanwhile.
    this.acks =
        new BatchedAcks(
            queue,
            Math.max(1, Math.min(runtime.settings.get(ConfigTable.ACK_BATCH_SIZE), prefetch / 4)),
            runtime.scheduler,
            runtime.maintenance);
    this.settlements = new Settlements(this, runtime, acks);
  }

  /** Waits, FAILING, for the broker's first connection, which {@link #resubscribe()}s. */
  void awaitConnection() {
    state = SubscriptionState.FAILING;
  }

  /** Declares the group's topology and starts consuming; throws if the broker refuses. */
  void start() {
    runtime.topology.declareGroup(spec.topic(), spec.group(), singleActiveConsumer);
    try {
      consume();
    } catch (IOException | RuntimeException e) {
      throw new EventBusException(
          "RabbitMQ refused to consume queue '" + queue + "': " + e.getMessage(), e);
    }
  }

  private void consume() throws IOException {
    Channel ch = Connections.openChannel(runtime.consumerConnection);
    try {
      ch.basicQos(prefetch);
      ch.addShutdownListener(cause -> onShutdown(ch, cause));
      synchronized (this) {
        channel = ch;
        acks.reset(ch, epoch);
      }
      consumerTag = ch.basicConsume(queue, false, new QueueConsumer(ch));
    } catch (IOException | RuntimeException e) {
      Connections.closeQuietly(ch);
      throw e;
    }
  }

  private final class QueueConsumer extends DefaultConsumer {
    QueueConsumer(Channel ch) {
      super(ch);
    }

    @Override
    public void handleConsumeOk(String tag) {
      if (!closed) {
        failure = null;
        state = SubscriptionState.RUNNING;
      }
    }

    @Override
    public void handleCancel(String tag) {
      log.warn("RabbitMQ cancelled the consumer of queue '{}'; subscribing again", queue);
      if (!closed) {
        Channel ch = getChannel();
        runtime.maintenance.execute(() -> Connections.closeQuietly(ch));
        scheduleResubscribe();
      }
    }

    @Override
    public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body) {
      BrokerMessage message = AmqpMessages.fromAmqp(props, body);
      long deliveryTag = env.getDeliveryTag();
      offer(
          new RabbitMqDelivery(
              RabbitMqSubscription.this, message, props, body, deliveryTag, epoch));
    }
  }

  /** Hands a delivery to the listener, or holds it until a settlement makes room. */
  private synchronized void offer(RabbitMqDelivery d) {
    acks.delivered(d.epoch(), d.tag());
    if (closed || !fetching || d.epoch() != epoch) {
      return; // unacked: the broker requeues it when the channel closes
    }
    if (held.isEmpty() && inFlight < spec.maxInFlight()) {
      inFlight++;
      listener.onDelivery(d);
    } else {
      held.add(d);
    }
  }

  /** A delivery left the in-flight set: hand out what was held back. */
  synchronized void release() {
    inFlight--;
    while (fetching && !closed && !held.isEmpty() && inFlight < spec.maxInFlight()) {
      inFlight++;
      listener.onDelivery(held.poll());
    }
  }

  /** Whether settling this delivery can still ack it on the broker. */
  synchronized boolean isCurrent(RabbitMqDelivery d) {
    return !closed && d.epoch() == epoch;
  }

  boolean isClosed() {
    return closed;
  }

  void ack(RabbitMqDelivery d) {
    acks.ack(d.epoch(), d.tag());
    release();
  }

  private void onShutdown(Channel ch, ShutdownSignalException cause) {
    synchronized (this) {
      if (ch != channel || closed) {
        return;
      }
      epoch++;
      acks.reset(cause.isHardError() ? ch : null, epoch);
      held.clear();
      failure =
          (cause.isHardError() ? "RabbitMQ connection lost, recovering: " : "channel closed: ")
              + runtime.settings.redaction.redact(cause.getMessage());
      state = SubscriptionState.FAILING;
    }
    if (cause.isHardError()) {
      log.warn("RabbitMQ connection of queue '{}' lost; recovering: {}", queue, cause.getMessage());
    } else if (!cause.isInitiatedByApplication()) {
      log.warn("RabbitMQ closed the channel of queue '{}': {}", queue, cause.getMessage());
      scheduleResubscribe();
    }
  }

  private void scheduleResubscribe() {
    runtime.scheduler.schedule(
        runtime.settings.get(ConfigTable.RECOVERY_INTERVAL),
        () -> runtime.maintenance.execute(this::resubscribe));
  }

  /** Declares the group's topology and consumes; on failure, tries again after a while. */
  void resubscribe() {
    if (closed || !fetching) {
      return;
    }
    try {
      runtime.topology.declareGroup(spec.topic(), spec.group(), singleActiveConsumer);
      consume();
    } catch (IOException | RuntimeException e) {
      failure =
          "consuming queue '"
              + queue
              + "' failed: "
              + runtime.settings.redaction.redact(e.toString());
      log.warn("Subscribing again to queue '{}' failed; retrying: {}", queue, e.toString());
      scheduleResubscribe();
    }
  }

  @Override
  public void stopFetching() {
    ArrayDeque<RabbitMqDelivery> giveBack;
    synchronized (this) {
      if (!fetching) {
        return;
      }
      fetching = false;
      giveBack = new ArrayDeque<>(held);
      held.clear();
    }
    Channel ch = channel;
    String tag = consumerTag;
    if (ch != null && tag != null && ch.isOpen()) {
      try {
        ch.basicCancel(tag);
      } catch (IOException | RuntimeException e) {
        log.debug("Cancelling the consumer of '{}' failed", queue, e);
      }
    }
    for (RabbitMqDelivery d : giveBack) {
      acks.requeueNow(d.epoch(), d.tag());
    }
  }

  @Override
  public void close() {
    stopFetching();
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    // Retries and dead letters on their way ack their delivery once confirmed: let them finish.
    settlements.awaitQuiet(
        CLOSE_WAIT.compareTo(runtime.publishTimeout) < 0 ? CLOSE_WAIT : runtime.publishTimeout);
    acks.close(); // the core drained its handlers: their acks go out before the channel closes
    Channel ch;
    synchronized (this) {
      closed = true;
      state = SubscriptionState.STOPPED;
      ch = channel;
    }
    Connections.closeQuietly(ch);
    runtime.removed(this);
  }

  @Override
  public SubscriptionState state() {
    return state;
  }

  @Override
  public String failureReason() {
    if (state != SubscriptionState.FAILING) {
      return null;
    }
    String reason = failure;
    return reason != null ? reason : runtime.notConnected();
  }

  @Override
  public String toString() {
    return "RabbitMqSubscription{queue=" + queue + ", state=" + state + "}";
  }
}
