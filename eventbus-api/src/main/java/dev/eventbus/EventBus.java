package dev.eventbus;

import dev.eventbus.internal.DefaultEventBusBuilder;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.Codec;
import dev.eventbus.spi.IdempotencyStore;
import dev.eventbus.spi.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Publishes and consumes events over one broker.
 *
 * <pre>{@code
 * try (EventBus bus = EventBus.builder()                 // in-memory broker by default
 *         .group("billing", GroupOptions.custom().concurrency(8).build())
 *         .build()) {
 *   bus.subscribe(new Billing());                         // @Subscribe methods
 *   bus.subscribe("orders", "shipping", OrderPlaced.class, (order, ctx) -> ship(order));
 *   bus.start();
 *   bus.publish("orders", new OrderPlaced("o-1", 42)).join();  // durable when it completes
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> All methods are thread-safe. Handlers run on the bus's handler threads, at
 * most {@link GroupOptions#concurrency()} at once per subscription and one at a time per partition
 * key. Publish futures complete on broker threads: do not block in their callbacks.
 *
 * <p><b>Lifecycle.</b> Subscriptions made before {@link #start()} consume from start, later ones at
 * once; start succeeds while the broker cannot be reached (see {@link #health()}). {@link #close()}
 * drains in-flight handlers up to the close timeout, settles what finished and closes the broker;
 * idempotent, after it publishing and subscribing fail with {@link EventBusException}.
 */
public interface EventBus extends AutoCloseable {
  /**
   * A builder with the in-memory broker, the JSON codec and the system clock.
   *
   * @return a new builder
   */
  static Builder builder() {
    return new DefaultEventBusBuilder();
  }

  /** {@return this bus, with its broker and every registered subscription started} Idempotent. */
  EventBus start();

  /**
   * Publishes a payload, or an {@link Event} passed as the payload, to a topic.
   *
   * @param topic the topic
   * @param payload the payload (or an {@code Event})
   * @return completes with the event as published (id, type, time filled in) once the broker
   *     durably accepted it; fails with {@link EventTooLargeException}, {@link
   *     BackpressureException} or {@link PublishException}
   */
  CompletableFuture<Event<?>> publish(String topic, Object payload);

  /**
   * Publishes several events (payloads or {@code Event}s) to a topic, in order, batched where the
   * broker allows; returns one future per event, in the same order.
   */
  List<CompletableFuture<Event<?>>> publishAll(String topic, List<?> events);

  /**
   * Registers every {@link Subscribe @Subscribe} method of an object. Methods with the same topic
   * and group share one subscription.
   *
   * @param handlers an object with annotated methods
   * @return the subscriptions created
   * @throws ConfigurationException if a method's signature is not {@code (Payload)} or {@code
   *     (Payload, DeliveryContext)}, or no method is annotated
   */
  List<Subscription> subscribe(Object handlers);

  /**
   * As {@link #subscribe(Object)}, with each {@link Subscribe @Subscribe} topic and group first
   * passed through {@code names}: a framework resolves its placeholders there ({@code
   * ${orders.topic}}). The resolved names are checked as any other.
   *
   * @param handlers an object with annotated methods
   * @param names turns an annotation's topic or group into the name used; called once per name, on
   *     the calling thread
   * @return the subscriptions created
   * @throws ConfigurationException as {@link #subscribe(Object)}
   */
  List<Subscription> subscribe(Object handlers, UnaryOperator<String> names);

  /**
   * Registers a handler for one payload type. Each call creates one consumer: twice with the same
   * group makes two competing instances.
   *
   * @param topic the topic
   * @param group the group
   * @param type the payload class (registered in the type registry if it is not yet)
   * @param handler the handler
   * @param <T> the payload type
   * @return the subscription
   */
  <T> Subscription subscribe(String topic, String group, Class<T> type, EventHandler<T> handler);

  /**
   * As {@link #subscribe(String, String, Class, EventHandler)}, with options of its own instead of
   * those the builder gives the group ({@code group(name, options)}, else the defaults). They apply
   * to this instance only; other instances of the group keep theirs.
   *
   * @param options the retry policy, concurrency, in-flight bound and the rest, for this
   *     subscription
   * @return the subscription
   */
  <T> Subscription subscribe(
      String topic, String group, Class<T> type, EventHandler<T> handler, GroupOptions options);

  /** {@return a snapshot of this bus's subscriptions, for health checks} */
  List<Subscription> subscriptions();

  /** {@return the broker-neutral dead-letter API} */
  DeadLetters deadLetters();

  /** {@return the serializer with this bus's codec, type registry and upcasters} */
  EventSerializer serializer();

  /**
   * {@return a snapshot of this bus's health: the broker connection, every subscription and the
   * added components} Never waits on the network, so a health endpoint may call it on every
   * request. The broker reads DOWN before {@link #start()} and after {@link #close()}.
   */
  BusHealth health();

  /**
   * Adds a component to {@link #health()} (an outbox relay adds itself so): each snapshot then
   * shows its state under {@code name} in {@link BusHealth#components()}, and the bus reads DOWN
   * while it reports DOWN. Thread-safe; components show in the order they were added.
   *
   * @param name unique among this bus's components, for example {@code outbox}
   * @param health called by every {@link #health()} on its caller's thread, so cheap, non-blocking
   *     and thread-safe, as {@link Broker#health()}; an exception from it reads as DOWN
   * @return takes the component back when closed
   * @throws IllegalArgumentException if a component of that name is registered
   */
  BusHealth.ComponentRegistration addHealthComponent(String name, Supplier<BrokerHealth> health);

  /** {@return the broker this bus runs on, as the SPI sees it} */
  Broker broker();

  /** {@return what this bus's broker can do: ordering, persistence, replay, limits} Thread-safe. */
  default BrokerCapabilities capabilities() {
    return BrokerCapabilities.of(broker());
  }

  /** Drains and closes, see the class documentation. Idempotent. */
  @Override
  void close();

  /**
   * Configures and builds an {@link EventBus}. Not thread-safe. {@link #build()} validates
   * everything and throws {@link ConfigurationException} naming the key, the value and what is
   * allowed.
   */
  interface Builder {
    /** Publish buffer size by default: events sent and not yet accepted by the broker. */
    int DEFAULT_MAX_PENDING_PUBLISHES = 10_000;

    /** How long a publish waits for room in a full buffer by default. */
    Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);

    /** How long close waits for in-flight handlers by default. */
    Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Uses this broker. The default is a new in-memory broker.
     *
     * @param broker the broker; the bus starts and closes it
     * @return this builder
     */
    Builder broker(Broker broker);

    /**
     * Uses the broker whose {@link dev.eventbus.spi.BrokerProvider} has this name, found with
     * {@link java.util.ServiceLoader}.
     *
     * @param name {@code memory}, {@code kafka}, {@code rabbitmq}, {@code eventbridge}, ...
     * @param config the broker's configuration keys, without the {@code eventbus.<name>.} prefix
     * @return this builder
     */
    Builder broker(String name, Map<String, String> config);

    /**
     * Applies flat configuration, for example from a properties file: {@code eventbus.broker} picks
     * the broker, keys under {@code eventbus.<broker>.} configure it; {@code eventbus.source},
     * {@code eventbus.publish.timeout} (ISO-8601 or {@code 500ms}/{@code 30s}), {@code
     * eventbus.publish.max-pending} and {@code eventbus.close.timeout} configure the bus.
     *
     * <p>The bus's keys and every key's namespace are checked at once (a key neither the bus's nor
     * under a broker provider's {@code eventbus.<name>.} is rejected); the broker's keys are
     * checked by its provider when the bus is built, and another provider's keys are ignored.
     *
     * <p>Precedence, key by key: a builder setter wins over this map, whenever called; a later call
     * of this method over an earlier one; this map over the environment's sources.
     *
     * @param properties the properties; keys not starting with {@code eventbus.} are ignored
     * @return this builder
     * @throws ConfigurationException for an unknown key or an invalid value of the bus's keys
     */
    Builder configure(Map<String, String> properties);

    /**
     * Reads configuration from outside the code as well: system properties, environment variables
     * and a properties file, the way a twelve-factor service is configured. Nothing is read unless
     * this method is called, so a library that embeds a bus is never configured behind its back.
     *
     * <p>Every key of {@link #configure(Map)} can come from each source, checked by the same rows;
     * each key takes its value from the first of these that has it:
     *
     * <ol>
     *   <li>a setter of this builder;
     *   <li>{@link #configure(Map)};
     *   <li>a system property: {@code -Deventbus.broker=kafka};
     *   <li>an environment variable: the key in upper case, {@code .} and {@code -} as {@code _}
     *       ({@code EVENTBUS_KAFKA_BOOTSTRAP_SERVERS=kafka-1:9092}); in a pattern key's placeholder
     *       {@code _} stands for {@code .} ({@code EVENTBUS_KAFKA_CLIENT_RECEIVE_BUFFER_BYTES});
     *   <li>the properties file (UTF-8) named by the system property {@code eventbus.config} or,
     *       without it, the environment variable {@code EVENTBUS_CONFIG}.
     * </ol>
     *
     * <p>The sources are read now (a file that cannot be read fails now); {@link #build()} checks
     * the values that win, and an error names the key and where it was written, never a secret. An
     * unknown system property or file key is rejected; an {@code EVENTBUS_*} variable matching no
     * key is ignored (the environment is shared), with a warning when it looks misspelt. Keys of
     * other broker providers than the one in use are ignored ({@code docs/configuration.md} has
     * examples).
     *
     * @return this builder
     * @throws ConfigurationException if the file cannot be read, or a system property or the file
     *     holds an unknown key
     */
    Builder configureFromEnvironment();

    /**
     * The CloudEvents {@code source} of published events. Default {@code urn:eventbus:local}.
     *
     * @param source a URI-reference
     * @return this builder
     * @throws ConfigurationException if it is not one
     */
    Builder source(String source);

    /**
     * The payload codec. Default: JSON with Jackson.
     *
     * @param codec the codec
     * @return this builder
     */
    Builder codec(Codec codec);

    /**
     * The time source and delayed-task runner (retry delays). Default: the system clock.
     *
     * @param scheduler the scheduler, for example the testkit's virtual clock
     * @return this builder
     */
    Builder scheduler(Scheduler scheduler);

    /**
     * Where metrics go. Default: nowhere; the bus then does not time publishes or handler calls.
     *
     * @param registry the registry
     * @return this builder
     */
    Builder meterRegistry(MeterRegistry registry);

    /**
     * Where observations go, for tracing. Default: {@link ObservationRegistry#NOOP}, nothing
     * observed.
     *
     * <p>Observations follow the OpenTelemetry messaging conventions ({@code docs/metrics.md},
     * "Tracing"): spans {@code publish <topic>} and, per handler attempt, {@code process <topic>}.
     *
     * @param registry the registry, with a tracing handler (Brave or OpenTelemetry bridge)
     * @return this builder
     */
    Builder observationRegistry(ObservationRegistry registry);

    /** Least time between two dead-letter counts for the depth gauge, by default. */
    Duration DEFAULT_DEAD_LETTER_DEPTH_REFRESH = Duration.ofSeconds(15);

    /**
     * The least time between two reads of a group's dead-letter count for the {@code
     * eventbus.dead.letters} gauge (key {@code eventbus.metrics.dead-letter-refresh}): a scrape
     * gets the last count and, when it is older, starts a new one in the background. Default {@link
     * #DEFAULT_DEAD_LETTER_DEPTH_REFRESH}.
     *
     * @param interval from 10 ms to 10 minutes
     * @return this builder
     * @throws ConfigurationException if out of range
     */
    Builder deadLetterDepthRefresh(Duration interval);

    /**
     * Registers a payload class under its {@link EventType} name and version, or its simple name at
     * version 1.
     *
     * @param type the class
     * @return this builder
     */
    Builder registerType(Class<?> type);

    /**
     * Registers a payload class under a type name at its current version.
     *
     * @param name the CloudEvents type
     * @param version the current schema version, at least 1
     * @param type the class
     * @return this builder
     */
    Builder registerType(String name, int version, Class<?> type);

    /**
     * Registers an upcaster from version {@code fromVersion} to {@code fromVersion + 1} of a type.
     *
     * @param name the type name
     * @param fromVersion the version it reads
     * @param upcaster the transformation
     * @return this builder
     */
    Builder upcaster(String name, int fromVersion, Upcaster upcaster);

    /**
     * Options for every group without options of its own.
     *
     * @param options the options
     * @return this builder
     */
    Builder groupDefaults(GroupOptions options);

    /**
     * Options for one group.
     *
     * @param group the group
     * @param options the options
     * @return this builder
     */
    Builder group(String group, GroupOptions options);

    /**
     * Adds a middleware around every handler; the first added is outermost.
     *
     * @param middleware the middleware
     * @return this builder
     */
    Builder middleware(Middleware middleware);

    /**
     * Where idempotent groups remember handled event ids. Default: a bounded in-memory store.
     *
     * @param store the store
     * @return this builder
     */
    Builder idempotencyStore(IdempotencyStore store);

    /**
     * How many published events may wait for the broker's acceptance at once (1 to 1,000,000).
     *
     * @param max the bound
     * @return this builder
     */
    Builder maxPendingPublishes(int max);

    /**
     * How long a publish may take: waiting for room in a full buffer (then it fails with {@link
     * BackpressureException}) and for the broker's acceptance (then {@link PublishException}); 0 to
     * 10 minutes.
     *
     * @param timeout the timeout
     * @return this builder
     */
    Builder publishTimeout(Duration timeout);

    /**
     * How long close waits for in-flight handlers (0 to 10 minutes).
     *
     * @param timeout the timeout
     * @return this builder
     */
    Builder closeTimeout(Duration timeout);

    /**
     * Validates and builds the bus. Nothing is started yet.
     *
     * @return the bus
     */
    EventBus build();
  }
}
