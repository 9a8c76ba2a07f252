package dev.eventbus.internal;

import dev.eventbus.BackpressureException;
import dev.eventbus.BusHealth;
import dev.eventbus.DeadLetters;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.EventHandler;
import dev.eventbus.EventSerializer;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.GroupOptions;
import dev.eventbus.Handler;
import dev.eventbus.Middleware;
import dev.eventbus.Subscription;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.IdempotencyStore;
import dev.eventbus.spi.Scheduler;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runtime behind {@link EventBus}. */
final class DefaultEventBus implements EventBus {
  private static final Logger log = LoggerFactory.getLogger(DefaultEventBus.class);

  private final Broker broker;
  private final NameCheck names;
  private final DefaultEventSerializer serializer;
  private final Scheduler scheduler;
  private final BusMetrics metrics;
  private final EventObservations observations;
  private final GroupOptions groupDefaults;
  private final Map<String, GroupOptions> groupOptions;
  private final List<Middleware> middlewares;
  private final IdempotencyStore idempotencyStore;
  private final PublishWindow pendingPublishes;
  private final int maxPendingPublishes;
  private final Duration publishTimeout;
  private final Duration closeTimeout;
  private final Duration deadLetterDepthRefresh;
  private final CopyOnWriteArrayList<ConsumerRuntime> subscriptions = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, Supplier<BrokerHealth>>> healthComponents =
      new CopyOnWriteArrayList<>();
  private final DefaultDeadLetters deadLetters;
  private final boolean byReference;
  private final Function<Event<?>, BrokerMessage> encoder;
  private volatile boolean started;
  private volatile boolean closed;

  DefaultEventBus(DefaultEventBusBuilder b, Broker broker, Scheduler scheduler) {
    this.broker = broker;
    this.names = new NameCheck(broker);
    this.scheduler = scheduler;
    this.metrics = new BusMetrics(b.meterRegistry);
    this.observations = new EventObservations(b.observationRegistry, broker.messagingSystem());
    this.serializer = new DefaultEventSerializer(b.codec, b.types, scheduler, b.source);
    this.groupDefaults = b.groupDefaults;
    this.groupOptions = Map.copyOf(b.groupOptions);
    this.middlewares = List.copyOf(b.middlewares);
    this.idempotencyStore = b.idempotencyStore;
    this.maxPendingPublishes = b.maxPendingPublishes;
    this.pendingPublishes = new PublishWindow(b.maxPendingPublishes);
    this.publishTimeout = b.publishTimeout;
    this.closeTimeout = b.closeTimeout;
    this.deadLetterDepthRefresh = b.deadLetterDepthRefresh;
    this.deadLetters = new DefaultDeadLetters(this);
    this.byReference = broker.capabilities().eventsByReference();
    this.encoder = serializer::encode;
  }

  @Override
  public synchronized EventBus start() {
    ensureOpen();
    if (!started) {
      broker.start(new BrokerContext(scheduler, metrics.registry(), publishTimeout));
      started = true;
      for (ConsumerRuntime s : subscriptions) {
        s.start();
      }
      log.info("Event bus started on broker '{}'", broker.name());
    }
    return this;
  }

  @Override
  public CompletableFuture<Event<?>> publish(String topic, Object payload) {
    return publish(topic, payload, DefaultDeliveryContext.current());
  }

  CompletableFuture<Event<?>> publish(String topic, Object payload, DefaultDeliveryContext cause) {
    long deadline = Broker.deadlineAfter(publishTimeout);
    Publication p;
    try {
      p = prepare(topic, payload, cause);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    BrokerMessage message = null;
    try {
      if (!byReference) {
        message = encode(p.event);
      }
      acquire(1, deadline);
    } catch (RuntimeException e) {
      p.fail(e);
      return p;
    }
    p.sending(metrics.recording() ? System.nanoTime() : 0);
    p.sent(
        message == null
            ? sendByReference(topic, p.event, deadline)
            : send(topic, message, deadline));
    return p;
  }

  private CompletableFuture<Void> sendByReference(String topic, Event<?> event, long deadline) {
    try {
      return broker.sendByReference(topic, event, encoder, deadline);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
    try {
      return broker.send(topic, message, deadline);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public List<CompletableFuture<Event<?>>> publishAll(String topic, List<?> events) {
    long deadline = Broker.deadlineAfter(publishTimeout);
    List<CompletableFuture<Event<?>>> results = new ArrayList<>(events.size());
    List<Publication> prepared = new ArrayList<>(events.size());
    List<BrokerMessage> messages = new ArrayList<>(events.size());
    DefaultDeliveryContext cause = DefaultDeliveryContext.current();
    try {
      for (Object e : events) {
        Publication p = prepare(topic, e, cause);
        prepared.add(p);
        messages.add(byReference ? BrokerMessage.byReference(p.event, encoder) : encode(p.event));
      }
      acquire(prepared.size(), deadline);
    } catch (RuntimeException e) {
      prepared.forEach(p -> p.fail(e));
      for (int i = 0; i < events.size(); i++) {
        results.add(CompletableFuture.failedFuture(e));
      }
      return results;
    }
    List<CompletableFuture<Void>> sent;
    long start = metrics.recording() ? System.nanoTime() : 0;
    try {
      sent = broker.sendBatch(topic, messages, deadline);
    } catch (RuntimeException e) {
      sent = new ArrayList<>();
      for (int i = 0; i < messages.size(); i++) {
        sent.add(CompletableFuture.failedFuture(e));
      }
    }
    for (int i = 0; i < prepared.size(); i++) {
      Publication p = prepared.get(i);
      p.sending(start);
      p.sent(sent.get(i));
      results.add(p);
    }
    return results;
  }

  private Publication prepare(String topic, Object payload, DefaultDeliveryContext cause) {
    ensureOpen();
    names.topic(topic);
    if (payload == null) {
      throw new EventBusException("Cannot publish a null payload to topic '" + topic + "'");
    }
    if (!started) {
      start();
    }
    EventObservations.Started observed = observations.publish(topic);
    try {
      Event<?> event =
          payload instanceof Event<?> given
              ? serializer.completeGiven(given, cause == null ? null : cause.event(), observed)
              : serializer.newEvent(payload, cause == null ? null : cause.event(), observed);
      Observation observation = observed.observation();
      EventObservations.describe(observation, event);
      return observation.isNoop() && !metrics.recording()
          ? new Publication(topic, event, pendingPublishes)
          : new Publication.Observed(topic, event, pendingPublishes, observation, metrics);
    } catch (RuntimeException e) {
      EventObservations.failed(observed.observation(), e);
      observed.observation().stop();
      throw e;
    }
  }

  /** Encodes an event for a broker that moves bytes, checking the broker's size limit. */
  private BrokerMessage encode(Event<?> event) {
    BrokerMessage message = serializer.encode(event);
    long limit = broker.capabilities().maxMessageBytes();
    if (!message.fitsWithin(limit)) {
      throw new EventTooLargeException(
          event.id(), message.approximateSize(), limit, broker.messageSizeLimit());
    }
    return message;
  }

  /** Takes room in the publish window, waiting for it until the publish's deadline. */
  private void acquire(int permits, long deadline) {
    try {
      if (!pendingPublishes.tryAcquire(permits, deadline - System.nanoTime())) {
        throw new BackpressureException(
            "publish buffer (" + maxPendingPublishes + " events awaiting broker acceptance)",
            publishTimeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException("Interrupted while waiting for room in the publish buffer", e);
    }
  }

  @Override
  public List<Subscription> subscribe(Object handlers) {
    return subscribe(handlers, UnaryOperator.identity());
  }

  @Override
  public List<Subscription> subscribe(Object handlers, UnaryOperator<String> names) {
    ensureOpen();
    List<Subscription> created = new ArrayList<>();
    HandlerMethods.scan(handlers, names)
        .forEach(
            (binding, targets) ->
                created.add(register(binding.topic(), binding.group(), targets, null)));
    return created;
  }

  @Override
  public <T> Subscription subscribe(
      String topic, String group, Class<T> type, EventHandler<T> handler) {
    return register(topic, group, List.of(HandlerMethods.lambda(type, handler)), null);
  }

  @Override
  public <T> Subscription subscribe(
      String topic, String group, Class<T> type, EventHandler<T> handler, GroupOptions options) {
    GroupOptions own = Objects.requireNonNull(options, "options");
    return register(topic, group, List.of(HandlerMethods.lambda(type, handler)), own);
  }

  // own: the subscription's options, or null for those the builder gives the group
  private synchronized Subscription register(
      String topic, String group, List<HandlerMethods.Target> targets, GroupOptions own) {
    ensureOpen();
    names.subscription(topic, group);
    for (HandlerMethods.Target t : targets) {
      serializer.types().infoFor(t.payloadType());
    }
    GroupOptions options = own != null ? own : groupOptions.getOrDefault(group, groupDefaults);
    HandlerTable table = new HandlerTable(targets);
    ConsumerRuntime runtime =
        new ConsumerRuntime(topic, group, options, table, chain(group, options, table), this);
    subscriptions.add(runtime);
    metrics.deadLetterDepth(
        topic,
        group,
        broker::deadLetters,
        () -> started && !closed,
        deadLetterDepthRefresh,
        scheduler::now);
    if (started) {
      runtime.start();
    }
    return runtime;
  }

  private Handler chain(String group, GroupOptions options, HandlerTable table) {
    IdempotencyStore store = options.idempotent() ? idempotencyStore : null;
    return table.chain(middlewares, group, store);
  }

  @Override
  public List<Subscription> subscriptions() {
    return List.copyOf(subscriptions);
  }

  @Override
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  @Override
  public EventSerializer serializer() {
    return serializer;
  }

  @Override
  public BusHealth health() {
    String down = closed ? "bus closed" : started ? null : "bus not started";
    BrokerHealth brokerHealth = down == null ? probe(broker::health) : BrokerHealth.down(down);
    var subs = subscriptions.stream().map(ConsumerRuntime::health).toList();
    Map<String, BrokerHealth> components = new LinkedHashMap<>();
    healthComponents.forEach(c -> components.put(c.getKey(), probe(c.getValue())));
    return BusHealth.of(broker.name(), brokerHealth, subs, components);
  }

  private static BrokerHealth probe(Supplier<BrokerHealth> health) {
    try {
      return Objects.requireNonNull(health.get(), "health");
    } catch (RuntimeException e) {
      return BrokerHealth.down("health check failed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public synchronized BusHealth.ComponentRegistration addHealthComponent(
      String name, Supplier<BrokerHealth> health) {
    Map.Entry<String, Supplier<BrokerHealth>> entry = Map.entry(name, health); // no nulls
    if (healthComponents.stream().anyMatch(c -> c.getKey().equals(name))) {
      throw new IllegalArgumentException("A health component '" + name + "' is registered");
    }
    healthComponents.add(entry);
    return () -> healthComponents.removeIf(c -> c == entry);
  }

  @Override
  public Broker broker() {
    return broker;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    for (ConsumerRuntime s : List.copyOf(subscriptions)) {
      s.closeWithin(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    metrics.close();
    if (started) {
      try {
        broker.close();
      } catch (RuntimeException e) {
        log.warn("Closing broker '{}' failed", broker.name(), e);
      }
    }
    log.info("Event bus closed");
  }

  void removed(ConsumerRuntime runtime) {
    subscriptions.remove(runtime);
  }

  private void ensureOpen() {
    if (closed) {
      throw new EventBusException("The event bus is closed");
    }
  }

  DefaultEventSerializer serializerInternal() {
    return serializer;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  BusMetrics metrics() {
    return metrics;
  }

  EventObservations observations() {
    return observations;
  }

  Duration closeTimeout() {
    return closeTimeout;
  }
}
