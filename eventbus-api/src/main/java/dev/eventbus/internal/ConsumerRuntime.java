package dev.eventbus.internal;

import dev.eventbus.BusHealth;
import dev.eventbus.Event;
import dev.eventbus.EventDecodingException;
import dev.eventbus.GroupOptions;
import dev.eventbus.Handler;
import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription: receives deliveries from the broker, runs them on the group's handler threads
 * (one at a time per key, up to the concurrency limit across keys), and settles each exactly once:
 * ack, retry or dead letter.
 */
final class ConsumerRuntime implements Subscription, DeliveryListener {
  private static final Logger log = LoggerFactory.getLogger(ConsumerRuntime.class);

  private final String topic;
  private final String group;
  private final GroupOptions options;
  private final HandlerTable handlers;
  private final Handler chain;
  private final DefaultEventBus bus;
  private final BusMetrics.GroupMeters meters;
  private final boolean ordered;
  private final boolean recording;
  private final HandlerThreads executor;
  private final Map<String, ArrayDeque<Work>> activeKeys = new HashMap<>();
  private final FailedAttempts failures;
  // Counted on the adapter's thread and uncounted on handler threads: adders, not one contended
  // atomic each. Read only for state, health and close.
  private final LongAdder inFlight = new LongAdder();
  private final LongAdder running = new LongAdder();
  private final Object drained = new Object();
  private volatile BrokerSubscription brokerSubscription;
  private volatile boolean closing;
  private volatile boolean closed;

  ConsumerRuntime(
      String topic,
      String group,
      GroupOptions options,
      HandlerTable handlers,
      Handler chain,
      DefaultEventBus bus) {
    this.topic = topic;
    this.group = group;
    this.options = options;
    this.handlers = handlers;
    this.chain = chain;
    this.bus = bus;
    this.meters = bus.metrics().group(topic, group);
    this.ordered = bus.broker().capabilities().orderedByKey();
    this.recording = bus.metrics().recording();
    this.executor =
        new HandlerThreads(
            "eventbus-" + group,
            options.concurrency(),
            options.maxInFlight() + 1,
            Duration.ofSeconds(30));
    this.failures = new FailedAttempts(this, topic, group, options, bus, meters);
  }

  void start() {
    if (closing || brokerSubscription != null) {
      return;
    }
    brokerSubscription =
        bus.broker()
            .subscribe(
                new ConsumerSpec(
                    topic, group, options.maxInFlight(), options.startPosition(), ordered),
                this);
  }

  @Override
  public void onDelivery(Delivery delivery) {
    inFlight.increment();
    if (recording) {
      meters.inFlightGauge.incrementAndGet();
    }
    String key = ordered ? delivery.key() : null;
    Work work = new Work(this, delivery, key);
    if (key == null) {
      submit(work);
      return;
    }
    boolean runNow;
    synchronized (activeKeys) {
      ArrayDeque<Work> waiting = activeKeys.get(key);
      runNow = waiting == null;
      if (runNow) {
        activeKeys.put(key, new ArrayDeque<>(2));
      } else {
        waiting.add(work);
      }
    }
    if (runNow) {
      submit(work);
    }
  }

  @Override
  public void beginBurst() {
    executor.beginBurst();
  }

  @Override
  public void endBurst() {
    executor.endBurst();
  }

  /** Queues a delivery for a handler thread (again, for a retry in place). */
  void submit(Work work) {
    if (closing) {
      return; // left unsettled: the broker redelivers it after close
    }
    running.increment();
    if (!executor.execute(work)) {
      doneRunning();
      if (!closing) {
        log.error(
            "Subscription {}/{} got more deliveries than maxInFlight={}; returning {} to the broker",
            topic,
            group,
            options.maxInFlight(),
            work.delivery.message().id());
        work.retryLater(Duration.ZERO, Map.of());
        finish(work);
      }
    }
  }

  void run(Work work) {
    try {
      if (!closing) {
        attempt(work);
      }
    } catch (RuntimeException | Error e) {
      log.error(
          "Unexpected failure settling {} in {}/{}", work.delivery.message(), topic, group, e);
    } finally {
      doneRunning();
    }
  }

  private void doneRunning() {
    running.decrement();
    if (closing && running.sum() == 0) {
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  private void attempt(Work work) {
    work.begin();
    if (work.event == null) {
      try {
        Event<?> carried = work.delivery.event();
        work.event =
            carried != null ? carried : bus.serializerInternal().decode(work.delivery.message());
      } catch (EventDecodingException e) {
        failures.deadLetter(work, e, FailureHeaders.UNDECODABLE);
        return;
      } catch (RuntimeException e) {
        failures.deadLetter(
            work,
            new EventDecodingException("Undecodable message: " + e, e),
            FailureHeaders.UNDECODABLE);
        return;
      }
    }
    if (handlers.find(work.event.payload().getClass()) == null) {
      work.ack();
      meters.skipped.increment();
      finish(work);
      return;
    }
    boolean timed = bus.metrics().recording();
    long start = timed ? System.nanoTime() : 0;
    Throwable failure = null;
    Observation observation =
        bus.observations().process(work.event, work.delivery, topic, group).start();
    work.enter();
    try (Observation.Scope scope = observation.openScope()) {
      chain.handle(work);
    } catch (Throwable t) {
      failure = t;
      EventObservations.failed(observation, t);
    } finally {
      work.exit();
      observation.stop();
    }
    long elapsed = timed ? System.nanoTime() - start : 0;
    if (failure == null) {
      meters.handlerSuccess.record(elapsed, TimeUnit.NANOSECONDS);
      work.ack();
      (work.isDuplicate() ? meters.duplicate : meters.acked).increment();
      finish(work);
    } else {
      meters.handlerFailure.record(elapsed, TimeUnit.NANOSECONDS);
      if (closing) {
        return; // interrupted by close: left unsettled, the broker redelivers it
      }
      failures.failed(work, failure);
    }
  }

  /** A delivery is settled: the next one of its key may run. */
  void finish(Work work) {
    if (closed) {
      return;
    }
    inFlight.decrement();
    if (recording) {
      meters.inFlightGauge.decrementAndGet();
    }
    if (work.key == null) {
      return;
    }
    Work next;
    synchronized (activeKeys) {
      ArrayDeque<Work> waiting = activeKeys.get(work.key);
      next = waiting == null ? null : waiting.poll();
      if (next == null) {
        activeKeys.remove(work.key);
      }
    }
    if (next != null) {
      submit(next);
    }
  }

  @Override
  public String topic() {
    return topic;
  }

  /** Whether close began: deliveries are no longer run or retried. */
  boolean isClosing() {
    return closing;
  }

  DefaultEventBus bus() {
    return bus;
  }

  /** Whether close finished: settling a delivery no longer has an effect. */
  boolean isClosed() {
    return closed;
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public SubscriptionState state() {
    if (closed) {
      return SubscriptionState.STOPPED;
    }
    BrokerSubscription s = brokerSubscription;
    if (s == null) {
      return SubscriptionState.STARTING;
    }
    SubscriptionState brokerState = s.state();
    if (brokerState == SubscriptionState.RUNNING && inFlight.sum() >= options.maxInFlight()) {
      return SubscriptionState.PAUSED;
    }
    return brokerState;
  }

  /** Its health, with the broker's reason while it is failing. */
  BusHealth.SubscriptionHealth health() {
    SubscriptionState state = state();
    BrokerSubscription s = brokerSubscription;
    String detail = state == SubscriptionState.FAILING && s != null ? s.failureReason() : null;
    return new BusHealth.SubscriptionHealth(topic, group, state, inFlight(), detail);
  }

  @Override
  public int inFlight() {
    return (int) inFlight.sum();
  }

  @Override
  public void close() {
    closeWithin(bus.closeTimeout());
  }

  void closeWithin(Duration timeout) {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    BrokerSubscription s = brokerSubscription;
    if (s != null) {
      s.stopFetching();
    }
    failures.cancelPending();
    awaitDrained(timeout);
    executor.shutdownNow();
    if (s != null) {
      s.close();
    }
    closed = true;
    if (recording) {
      meters.inFlightGauge.addAndGet((int) -inFlight.sumThenReset());
    } else {
      inFlight.reset();
    }
    bus.removed(this);
  }

  private void awaitDrained(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (drained) {
      while (running.sum() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn(
              "Closing {}/{}: {} handler(s) still running after {}; their events will be redelivered",
              topic,
              group,
              running.sum(),
              timeout);
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(drained, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Subscription{topic=" + topic + ", group=" + group + ", state=" + state() + "}";
  }
}
