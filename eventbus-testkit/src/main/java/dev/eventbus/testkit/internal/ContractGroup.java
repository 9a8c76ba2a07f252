package dev.eventbus.testkit.internal;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventHandler;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.Capabilities;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.ContractFeature;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * The base of every contract group: unique names, buses built over the fixture's brokers and closed
 * after each test, gates, waits bounded by the fixture's delivery timeout, and capability checks
 * that abort (never silently skip) a test the broker cannot run.
 *
 * <p>One instance per test, used from the test thread; the helpers it hands to handlers ({@link
 * HandledLog}, {@link Gate}) are thread-safe.
 */
public abstract class ContractGroup {
  /** The fixture of the broker under test. */
  protected final ContractFixture fixture;

  private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  private final AtomicInteger ids = new AtomicInteger();
  private final Deque<EventBus> buses = new ArrayDeque<>();
  private final List<Gate> gates = new ArrayList<>();
  private Capabilities capabilities;

  /**
   * Creates the group for one test.
   *
   * @param fixture the fixture under test
   */
  protected ContractGroup(ContractFixture fixture) {
    this.fixture = fixture;
  }

  /**
   * Opens every gate and closes every bus the test built, newest first. A failing close fails the
   * test: close must be clean on every broker.
   */
  @AfterEach
  final void closeEverything() {
    gates.forEach(Gate::open);
    AssertionError failure = null;
    while (!buses.isEmpty()) {
      EventBus bus = buses.pop();
      try {
        bus.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new AssertionError("closing a bus failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The fixture's delivery timeout.
   *
   * @return the timeout every wait uses
   */
  protected Duration timeout() {
    return fixture.deliveryTimeout();
  }

  /**
   * A topic name unique to this test: letters, digits and dashes only, short enough for every
   * broker's naming rules.
   *
   * @param name what the topic is for
   * @return the name
   */
  protected String newTopic(String name) {
    return "ct-" + name + "-" + suffix;
  }

  /**
   * A group name unique to this test.
   *
   * @param name what the group is for
   * @return the name
   */
  protected String newGroup(String name) {
    return "cg-" + name + "-" + suffix;
  }

  /**
   * A new event id unique to this test.
   *
   * @return the id
   */
  protected String newId() {
    return "ev-" + suffix + "-" + ids.incrementAndGet();
  }

  /**
   * An event with a new id, the key as partition key and a payload carrying key and sequence.
   *
   * @param key the partition key, or null
   * @param seq the sequence number
   * @return the event
   */
  protected Event<ContractEvent> event(String key, int seq) {
    return event(key, seq, "");
  }

  /**
   * An event with a new id and a note for the handler.
   *
   * @param key the partition key, or null
   * @param seq the sequence number
   * @param note the note
   * @return the event
   */
  protected Event<ContractEvent> event(String key, int seq, String note) {
    return Event.builder(new ContractEvent(key, seq, note)).id(newId()).partitionKey(key).build();
  }

  /**
   * The fixture's base group options, as a builder.
   *
   * @return a builder to change what the test needs
   */
  protected GroupOptions.Builder options() {
    return fixture.baseGroupOptions().toBuilder();
  }

  /**
   * A retry policy with short delays and no jitter.
   *
   * @param maxAttempts the attempts in total
   * @return the policy
   */
  protected RetryPolicy fastRetry(int maxAttempts) {
    return RetryPolicy.custom()
        .maxAttempts(maxAttempts)
        .initialDelay(Duration.ofMillis(10))
        .multiplier(2.0)
        .maxDelay(Duration.ofMillis(200))
        .jitter(0.0)
        .build();
  }

  /**
   * Builds and starts a bus over a new broker of the fixture, with the base group options.
   *
   * @return the started bus, closed after the test
   */
  protected EventBus startBus() {
    return startBus(fixture.createBroker(), b -> {});
  }

  /**
   * Builds and starts a bus over a new broker, every group of it with the given options.
   *
   * @param options the group options
   * @return the started bus, closed after the test
   */
  protected EventBus startBus(GroupOptions options) {
    return startBus(fixture.createBroker(), b -> b.groupDefaults(options));
  }

  /**
   * Builds and starts a bus over a broker, customised.
   *
   * @param broker the broker, not started
   * @param customizer changes to the builder (group options, close timeout, ...)
   * @return the started bus, closed after the test
   */
  protected EventBus startBus(Broker broker, Consumer<EventBus.Builder> customizer) {
    EventBus.Builder builder =
        EventBus.builder()
            .broker(broker)
            .registerType(ContractEvent.class)
            .groupDefaults(fixture.baseGroupOptions())
            .closeTimeout(timeout());
    customizer.accept(builder);
    EventBus bus = builder.build();
    buses.push(bus);
    bus.start();
    return bus;
  }

  /**
   * Subscribes a handler and waits until the subscription is running, so that events published
   * afterwards reach it whatever the start position.
   *
   * @param bus the bus
   * @param topic the topic
   * @param group the group
   * @param handler the handler
   * @return the running subscription
   */
  protected Subscription subscribe(
      EventBus bus, String topic, String group, EventHandler<ContractEvent> handler) {
    Subscription subscription = bus.subscribe(topic, group, ContractEvent.class, handler);
    awaitRunning(subscription);
    return subscription;
  }

  /**
   * Subscribes a handler that records every delivery it completes.
   *
   * @param bus the bus
   * @param topic the topic
   * @param group the group
   * @param log where to record
   * @param instance the label of the bus in the log
   * @return the running subscription
   */
  protected Subscription record(
      EventBus bus, String topic, String group, HandledLog log, String instance) {
    return subscribe(bus, topic, group, (payload, context) -> log.record(context, instance));
  }

  /**
   * Waits until a subscription reports {@link SubscriptionState#RUNNING}.
   *
   * @param subscription the subscription
   */
  protected void awaitRunning(Subscription subscription) {
    await(
        "subscription " + subscription.group() + " is RUNNING",
        () -> subscription.state() == SubscriptionState.RUNNING,
        () -> "state " + subscription.state());
  }

  /**
   * Publishes an event and waits until the broker accepted it.
   *
   * @param bus the bus
   * @param topic the topic
   * @param event the event
   * @return the event as published
   */
  protected Event<?> publish(EventBus bus, String topic, Event<?> event) {
    return join(bus.publish(topic, event), "publish of " + event.id());
  }

  /**
   * Publishes events with {@code publishAll} and waits until the broker accepted all of them.
   *
   * @param bus the bus
   * @param topic the topic
   * @param events the events
   * @return the events as published, in order
   */
  protected List<Event<?>> publishAll(EventBus bus, String topic, List<? extends Event<?>> events) {
    List<CompletableFuture<Event<?>>> futures = bus.publishAll(topic, events);
    List<Event<?>> published = new ArrayList<>(futures.size());
    for (CompletableFuture<Event<?>> f : futures) {
      published.add(join(f, "publishAll to " + topic));
    }
    return published;
  }

  /**
   * A deadline for a test's own send through the broker SPI: the group's timeout from now.
   *
   * @return a {@link System#nanoTime()} reading
   */
  protected long sendDeadline() {
    return Broker.deadlineAfter(timeout());
  }

  /**
   * Waits for a future with the delivery timeout.
   *
   * @param future the future
   * @param what what it is, for the failure message
   * @param <T> the result type
   * @return the result
   * @throws AssertionError if it failed or did not complete in time
   */
  protected <T> T join(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not complete in " + timeout().toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what, e);
    }
  }

  /**
   * Waits, bounded by the delivery timeout, until a condition holds.
   *
   * @param what the condition in words
   * @param condition the condition
   */
  protected void await(String what, BooleanSupplier condition) {
    Await.until(what, timeout(), condition);
  }

  /**
   * Waits, bounded by the delivery timeout, until a condition holds; on failure describes the
   * state.
   *
   * @param what the condition in words
   * @param condition the condition
   * @param state the state, for the failure message
   */
  protected void await(String what, BooleanSupplier condition, Supplier<?> state) {
    Await.until(what, timeout(), condition, state);
  }

  /**
   * A closed gate, opened at the latest when the test ends. Waiters give up after a few delivery
   * timeouts.
   *
   * @return the gate
   */
  protected Gate newGate() {
    Gate gate = new Gate(timeout().multipliedBy(4));
    gates.add(gate);
    return gate;
  }

  /**
   * The broker's capabilities, read once per test from an unstarted broker of the fixture.
   *
   * @return the capabilities
   */
  protected Capabilities capabilities() {
    if (capabilities == null) {
      Broker broker = fixture.createBroker();
      try {
        capabilities = broker.capabilities();
      } finally {
        broker.close();
      }
    }
    return capabilities;
  }

  /**
   * Aborts the test, with a message naming the capability, if the broker does not declare it.
   *
   * @param capability the capability the test needs
   */
  protected void requireCapability(ContractCapability capability) {
    Assumptions.assumeTrue(
        capability.isDeclaredBy(capabilities()),
        () -> "the broker does not declare capability " + capability);
  }

  /**
   * Aborts the test, with a message naming the feature, if the fixture does not offer it.
   *
   * @param feature the feature the test needs
   */
  protected void requireFeature(ContractFeature feature) {
    Assumptions.assumeTrue(
        fixture.features().contains(feature),
        () ->
            "the fixture does not offer feature "
                + feature
                + " (see BrokerContractTest#features())");
  }
}
