package dev.eventbus.testkit.internal;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.DeliveryChecker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes a list of events, one after the other, on a thread of its own, while a test injects
 * faults. A publish that fails (the broker is restarting) is retried with the same event id until
 * it is acknowledged or the deadline passes; the checker counts every attempt and every
 * acknowledgement, so only acknowledged events can count as lost. Thread-safe.
 */
public final class PublisherLoop implements AutoCloseable {
  private static final Duration BACKOFF = Duration.ofMillis(100);

  private final EventBus bus;
  private final String topic;
  private final List<Event<ContractEvent>> events;
  private final DeliveryChecker checker;
  private final Duration attemptTimeout;
  private final long deadlineNanos;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicInteger failures = new AtomicInteger();
  private final Thread thread;

  /**
   * Starts publishing at once.
   *
   * @param bus the publishing bus
   * @param topic the topic
   * @param events the events, each with its id set
   * @param checker counts attempts and acknowledgements
   * @param attemptTimeout how long one publish may take
   * @param deadline when to give up on events not yet acknowledged
   */
  public PublisherLoop(
      EventBus bus,
      String topic,
      List<Event<ContractEvent>> events,
      DeliveryChecker checker,
      Duration attemptTimeout,
      Duration deadline) {
    this.bus = bus;
    this.topic = topic;
    this.events = List.copyOf(events);
    this.checker = checker;
    this.attemptTimeout = attemptTimeout;
    this.deadlineNanos = System.nanoTime() + deadline.toNanos();
    this.thread = new Thread(this::run, "contract-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits until every event was published or given up on.
   *
   * @param timeout how long to wait
   * @return whether the loop finished
   */
  public boolean awaitDone(Duration timeout) {
    try {
      return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Failed publish attempts so far (each was retried).
   *
   * @return the count
   */
  public int failures() {
    return failures.get();
  }

  /** Stops publishing; events not yet acknowledged stay unacknowledged. */
  @Override
  public void close() {
    stopped.countDown();
    awaitDone(attemptTimeout.plus(BACKOFF));
  }

  private void run() {
    try {
      for (Event<ContractEvent> event : events) {
        if (!publishUntilAcknowledged(event)) {
          return;
        }
      }
    } finally {
      done.countDown();
      Await.signal();
    }
  }

  private boolean publishUntilAcknowledged(Event<ContractEvent> event) {
    while (stopped.getCount() > 0 && System.nanoTime() < deadlineNanos) {
      checker.attempted(event.id());
      try {
        bus.publish(topic, event).get(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
        checker.acknowledged(event.id());
        return true;
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        failures.incrementAndGet();
        if (backOff()) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Waits a little before the next attempt; returns true if the loop was stopped meanwhile. */
  private boolean backOff() {
    try {
      return stopped.await(BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
