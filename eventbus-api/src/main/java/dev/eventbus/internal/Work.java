package dev.eventbus.internal;

import dev.eventbus.spi.Delivery;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One delivery on its way through a subscription, with what the attempts so far learned; also the
 * task a handler thread runs and the handler's {@link dev.eventbus.DeliveryContext}, so that a
 * delivery costs the core one object. Made on the adapter's thread that hands the delivery over;
 * its headers are read on the handler thread, at the first attempt ({@link #begin()}), so that an
 * adapter can map the message lazily there.
 *
 * <p>It is also where a delivery is settled once, for every broker: the first of {@link #ack},
 * {@link #retryLater} and a {@link #deadLetter} that succeeds settles it; a later settlement is
 * ignored (a dead letter then fails with {@link IllegalStateException}, since nothing was written),
 * and so is any settlement after the subscription closed: its unsettled deliveries are the broker's
 * to redeliver. While a dead letter is being written, other settlements are ignored; if the write
 * fails the delivery is unsettled again, for the core to try later. Adapters implement the broker's
 * actions only.
 */
final class Work extends DefaultDeliveryContext implements Runnable {
  private static final int OPEN = 0;
  private static final int WRITING_DEAD_LETTER = 1;
  private static final int SETTLED = 2;
  // A field and a VarHandle rather than an AtomicInteger: no object more per delivery.
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Work.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Delivery delivery;
  final String key;
  private final ConsumerRuntime runtime;
  Instant firstFailure;

  @SuppressWarnings("unused") // through STATE
  private volatile int state; // OPEN

  Work(ConsumerRuntime runtime, Delivery delivery, String key) {
    this.runtime = runtime;
    this.delivery = delivery;
    this.key = key;
  }

  @Override
  public void run() {
    runtime.run(this);
  }

  @Override
  public String topic() {
    return runtime.topic();
  }

  @Override
  public String group() {
    return runtime.group();
  }

  @Override
  DefaultEventBus bus() {
    return runtime.bus();
  }

  /**
   * Reads the attempt number and the first failure's time, once, before the first attempt: a
   * delivery retried through the broker carries them in its headers, and one the broker redelivers
   * after a crash cut its retries in place short reports what it kept ({@link
   * Delivery#retryingInPlace}), so that the count and the dead letter's first failure go on.
   */
  void begin() {
    if (attempt > 0) {
      return; // begun: attempts count from 1
    }
    attempt = Math.max(1, delivery.attempt());
    if (attempt == 1) {
      return; // a first failure is recorded from the second attempt on
    }
    String first = delivery.message().headers().get(Delivery.FIRST_FAILURE_HEADER);
    if (first != null) {
      try {
        firstFailure = Instant.parse(first);
      } catch (RuntimeException e) {
        firstFailure = null;
      }
    }
  }

  /**
   * Acknowledges the delivery, unless it is settled already or its subscription closed.
   *
   * @return whether this call settled it
   */
  boolean ack() {
    if (!settle()) {
      return false;
    }
    delivery.ack();
    return true;
  }

  /**
   * Hands the delivery back to the broker for a later attempt, unless it is settled already or its
   * subscription closed.
   *
   * @param delay how long until the redelivery
   * @param headers headers to add
   * @return whether this call settled it
   */
  boolean retryLater(Duration delay, Map<String, String> headers) {
    if (!settle()) {
      return false;
    }
    delivery.retryLater(delay, headers);
    return true;
  }

  /**
   * Writes the dead letter and settles the delivery once it is durable.
   *
   * @param headers the dead-letter headers
   * @return completes when written; fails if the write failed (the delivery is open again), if the
   *     delivery is settled or being dead-lettered already, or if the subscription closed
   */
  CompletableFuture<Void> deadLetter(Map<String, String> headers) {
    if (runtime.isClosed()) {
      return CompletableFuture.failedFuture(
          new NotOpen("Subscription closed: " + delivery.message().id() + " is left to redeliver"));
    }
    if (!STATE.compareAndSet(this, OPEN, WRITING_DEAD_LETTER)) {
      return CompletableFuture.failedFuture(
          new NotOpen("Delivery of " + delivery.message().id() + " is settled already"));
    }
    CompletableFuture<Void> written;
    try {
      written = delivery.deadLetter(headers);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    return written.whenComplete(
        (ok, error) -> STATE.setVolatile(this, error == null ? SETTLED : OPEN));
  }

  /** Whether the delivery is settled (or being dead-lettered). */
  boolean settled() {
    return state != OPEN;
  }

  private boolean settle() {
    return !runtime.isClosed() && STATE.compareAndSet(this, OPEN, SETTLED);
  }

  /** A dead letter refused because the delivery was not open: trying again will not help. */
  static final class NotOpen extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NotOpen(String message) {
      super(message);
    }
  }
}
