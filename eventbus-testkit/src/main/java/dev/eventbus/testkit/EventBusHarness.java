package dev.eventbus.testkit;

import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.internal.ObservedBroker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A bus for unit tests, with recordings that assertions wait on, a virtual clock and fault
 * injection. By default it runs on a new in-memory broker with a {@link VirtualClock} in
 * auto-advance mode, so retries with backoff take milliseconds.
 *
 * <pre>{@code
 * try (EventBusHarness harness = EventBusHarness.builder()
 *     .configure(bus -> bus.group("billing", GroupOptions.custom()
 *         .retry(RetryPolicy.custom().maxAttempts(5).initialDelay(Duration.ofSeconds(1)).build())
 *         .build()))
 *     .build()) {
 *   harness.bus().subscribe("orders", "billing", OrderPlaced.class, (order, ctx) -> bill(order));
 *   harness.faults().failNext(2, "billing", OrderPlaced.class);
 *   harness.publish("orders", new OrderPlaced("o-1"));
 *   assertTrue(harness.consumed().any(OrderPlaced.class));   // waits, never sleeps
 *   assertTrue(harness.deadLettered().none(OrderPlaced.class));
 * }
 * }</pre>
 *
 * <p><b>Recordings.</b> {@link #published()}: every message sent to the broker, once accepted or
 * refused (recorded by a broker decorator). {@link #consumed()}: every handler call, attempt by
 * attempt, with its exception (recorded by the outermost middleware). {@link #deadLettered()}:
 * every durable dead-letter write (broker decorator).
 *
 * <p><b>Threads and lifecycle.</b> Thread-safe. {@link Builder#build()} builds and starts the bus
 * (subscriptions made afterwards start at once); {@link #close()} closes the bus, then stops the
 * clock's auto-advance. Not reusable after close.
 */
public final class EventBusHarness implements AutoCloseable {
  /** How long assertions wait for a match, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** How long the bus must be inactive before {@code none(...)} concludes, by default. */
  public static final Duration DEFAULT_INACTIVITY = Duration.ofMillis(100);

  private final EventBus bus;
  private final VirtualClock clock;
  private final HarnessRecorder recorder;
  private final Faults faults;
  private final Duration timeout;
  private final Duration inactivity;
  private final Activity activity;

  private EventBusHarness(Builder b) {
    this.timeout = b.timeout;
    this.clock = b.systemClock ? null : (b.clock != null ? b.clock : new VirtualClock());
    Activity activity = new Activity(clock);
    this.recorder = new HarnessRecorder(activity, b.timeout, b.inactivity);
    Broker target =
        b.broker != null
            ? b.broker
            : InMemoryBroker.builder().mode(InMemoryBroker.Mode.ENCODED).build();
    ObservedBroker observed = new ObservedBroker(target, recorder);
    this.faults = new Faults(observed);
    EventBus.Builder builder =
        EventBus.builder().middleware(recorder).middleware(faults.middleware());
    b.configurer.accept(builder);
    builder.broker(observed);
    if (clock != null) {
      builder.scheduler(clock);
    }
    this.bus = builder.build();
    this.activity = activity;
    this.inactivity = b.inactivity;
    recorder.decodeWith(bus.serializer());
    try {
      if (clock != null && b.autoAdvance) {
        clock.startAutoAdvance(b.quietPeriod, activity::busy);
      }
      bus.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * A builder with the defaults: in-memory broker, auto-advancing virtual clock, 5 s timeout.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bus under test, started.
   *
   * @return the bus
   */
  public EventBus bus() {
    return bus;
  }

  /**
   * Publishes and waits until the broker accepted the event.
   *
   * @param topic the topic
   * @param payload the payload, or an {@link Event}
   * @return the event as published
   * @throws AssertionError if the publish failed or took longer than the harness timeout
   */
  public Event<?> publish(String topic, Object payload) {
    try {
      return bus.publish(topic, payload).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("publish to " + topic + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("publish to " + topic + " took over " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while publishing", e);
    }
  }

  /**
   * Waits until the bus has been inactive for the inactivity period: no handler running, no publish
   * waiting for the broker, nothing delivered, settled or recorded. With the virtual clock
   * auto-advancing, pending retries run first, as they keep the bus active.
   *
   * @return true if it became inactive within the timeout
   */
  public boolean awaitInactivity() {
    return Await.holdsWithin(timeout, () -> activity.quietFor(inactivity));
  }

  /**
   * Messages sent to the broker, recorded once accepted or refused.
   *
   * @return the recording
   */
  public RecordedList<Published> published() {
    return recorder.published();
  }

  /**
   * Handler calls, one entry per attempt, recorded when the handler returned or threw. The
   * recording middleware is the outermost: what the bus does inside the chain (the idempotent
   * consumer skipping a duplicate, in the current runtime) shows as a call that returned normally.
   *
   * @return the recording
   */
  public RecordedList<Consumed> consumed() {
    return recorder.consumed();
  }

  /**
   * Events written to dead letters, recorded once the write was durable.
   *
   * @return the recording
   */
  public RecordedList<DeadLettered> deadLettered() {
    return recorder.deadLettered();
  }

  /**
   * Fault injection for this bus.
   *
   * @return the faults
   */
  public Faults faults() {
    return faults;
  }

  /**
   * The virtual clock the bus and broker run on.
   *
   * @return the clock
   * @throws IllegalStateException if the harness was built with {@link Builder#systemClock()}
   */
  public VirtualClock clock() {
    if (clock == null) {
      throw new IllegalStateException("this harness runs on the system clock");
    }
    return clock;
  }

  /**
   * How long assertions wait.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /** Closes the bus (draining handlers), then stops the clock's auto-advance. Idempotent. */
  @Override
  public void close() {
    try {
      bus.close();
    } finally {
      if (clock != null) {
        clock.stopAutoAdvance();
      }
    }
  }

  /** Configures an {@link EventBusHarness}. Not thread-safe. */
  public static final class Builder {
    private Broker broker;
    private Consumer<EventBus.Builder> configurer = b -> {};
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration inactivity = DEFAULT_INACTIVITY;
    private Duration quietPeriod = VirtualClock.DEFAULT_QUIET_PERIOD;
    private VirtualClock clock;
    private boolean systemClock;
    private boolean autoAdvance = true;

    private Builder() {}

    /**
     * The broker to run on. Default: a new {@code InMemoryBroker} in {@code ENCODED} mode, so that
     * every event takes the codec's round trip as on a real broker.
     *
     * @param broker a new, unstarted broker; the harness starts and closes it
     * @return this builder
     */
    public Builder broker(Broker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
      return this;
    }

    /**
     * Configures the bus: group options, types, upcasters, middlewares (inside the harness's),
     * codec. The broker and scheduler are the harness's and cannot be replaced here.
     *
     * @param configurer changes to the bus builder
     * @return this builder
     */
    public Builder configure(Consumer<EventBus.Builder> configurer) {
      this.configurer = Objects.requireNonNull(configurer, "configurer");
      return this;
    }

    /**
     * How long assertions wait for a match (more than 0, at most 10 minutes). Default 5 s.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * How long the bus must be inactive before {@code none(...)} concludes (more than 0, at most
     * the timeout). Default 100 ms.
     *
     * @param inactivity the period
     * @return this builder
     */
    public Builder inactivityTimeout(Duration inactivity) {
      this.inactivity = Objects.requireNonNull(inactivity, "inactivity");
      return this;
    }

    /**
     * Runs on this virtual clock instead of a new one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      this.systemClock = false;
      return this;
    }

    /**
     * Whether the virtual clock advances by itself (see {@link VirtualClock}). Default true; with
     * false, the test moves time with {@code harness.clock().advance(...)}.
     *
     * @param on true to auto-advance
     * @return this builder
     */
    public Builder autoAdvance(boolean on) {
      this.autoAdvance = on;
      return this;
    }

    /**
     * How long the bus must be quiet before auto-advance jumps to the next task (more than 0, at
     * most 1 s). Default {@link VirtualClock#DEFAULT_QUIET_PERIOD}.
     *
     * @param quietPeriod the period, wall time
     * @return this builder
     */
    public Builder quietPeriod(Duration quietPeriod) {
      this.quietPeriod = Objects.requireNonNull(quietPeriod, "quietPeriod");
      return this;
    }

    /**
     * Runs on real time instead of a virtual clock.
     *
     * @return this builder
     */
    public Builder systemClock() {
      this.systemClock = true;
      this.clock = null;
      return this;
    }

    /**
     * Validates, builds and starts the harness.
     *
     * @return the started harness
     * @throws ConfigurationException naming the invalid setting
     */
    public EventBusHarness build() {
      Duration max = Duration.ofMinutes(10);
      if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(max) > 0) {
        throw new ConfigurationException(
            "harness.timeout", timeout, "a duration from 1 ns to 10 min");
      }
      if (inactivity.isNegative() || inactivity.isZero() || inactivity.compareTo(timeout) > 0) {
        throw new ConfigurationException(
            "harness.inactivityTimeout", inactivity, "a duration from 1 ns to harness.timeout");
      }
      if (quietPeriod.isNegative()
          || quietPeriod.isZero()
          || quietPeriod.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new ConfigurationException(
            "harness.quietPeriod", quietPeriod, "a duration from 1 ns to 1 s");
      }
      return new EventBusHarness(this);
    }
  }
}
