package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.ConsumerSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries and dead letters of one subscription: each republishes the delivery (its original AMQP
 * properties, the core's headers added) and acks the original only once the broker confirmed the
 * copy, so that a crash in between duplicates the message rather than losing it.
 *
 * <ul>
 *   <li>A retry goes to the group's delay queue for its delay bucket; the broker dead-letters it
 *       back to the group's queue when its TTL expires, which survives restarts and never blocks
 *       the group's queue. A zero delay requeues it at the tail of the group's queue directly. If
 *       the republish fails, the original is requeued at once instead.
 *   <li>A dead letter goes to the group's dead-letter queue. If the republish fails, the original
 *       stays unacked and the returned future fails (the core tries again).
 * </ul>
 *
 * <p>Thread-safe; settlements complete on the publisher's threads.
 */
final class Settlements {
  private static final Logger log = LoggerFactory.getLogger(Settlements.class);

  private final RabbitMqSubscription subscription;
  private final RabbitMqRuntime runtime;
  private final BatchedAcks acks;
  private int outstanding;

  Settlements(RabbitMqSubscription subscription, RabbitMqRuntime runtime, BatchedAcks acks) {
    this.subscription = subscription;
    this.runtime = runtime;
    this.acks = acks;
  }

  void retryLater(RabbitMqDelivery d, Duration delay, Map<String, String> headers) {
    if (!subscription.isCurrent(d)) {
      subscription.release(); // requeued by the broker already when its channel died
      return;
    }
    ConsumerSpec spec = subscription.spec;
    Supplier<String> queue =
        () -> {
          long bucket = Topology.delayBucket(delay);
          return bucket == 0
              ? subscription.queue
              : runtime.topology.declareDelayQueue(spec.topic(), spec.group(), bucket);
        };
    track(republish(d, headers, queue).handle((ok, error) -> afterRetry(d, error)));
  }

  private Void afterRetry(RabbitMqDelivery d, Throwable error) {
    if (error == null) {
      acks.ackNow(d.epoch(), d.tag());
    } else {
      log.warn(
          "Scheduling the retry of {} in {}/{} failed; requeueing it now: {}",
          d.message().id(),
          d.topic(),
          d.group(),
          error.toString());
      acks.requeueNow(d.epoch(), d.tag());
    }
    subscription.release();
    return null;
  }

  CompletableFuture<Void> deadLetter(RabbitMqDelivery d, Map<String, String> headers) {
    if (subscription.isClosed()) {
      return CompletableFuture.failedFuture(
          new EventBusException(
              "Subscription to '" + subscription.queue + "' is closed; RabbitMQ redelivers it"));
    }
    String dlq = Topology.deadLetterQueue(subscription.spec.topic(), subscription.spec.group());
    return track(
        republish(d, headers, () -> dlq)
            .thenRun(
                () -> {
                  acks.ackNow(d.epoch(), d.tag());
                  subscription.release();
                }));
  }

  /** The copy, published mandatory to a queue: the original properties with headers added. */
  private CompletableFuture<Void> republish(
      RabbitMqDelivery d, Map<String, String> extra, Supplier<String> queue) {
    // Everything inside the try: a failure anywhere must become the returned future's, so that
    // the delivery is requeued or the caller told, never thrown past its settlement.
    try {
      // Mandatory: the publisher replaces the original's publish id with one of the copy's.
      AMQP.BasicProperties props =
          AmqpMessages.withHeaders(d.properties(), extra)
              .builder()
              .deliveryMode(2)
              .expiration(null)
              .build();
      return runtime.publisher.publish(
          "", queue.get(), true, props, d.body(), runtime.publishTimeout.toNanos());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Counts a settlement on its way until it completed, for {@link #awaitQuiet}. */
  private CompletableFuture<Void> track(CompletableFuture<Void> settlement) {
    synchronized (this) {
      outstanding++;
    }
    return settlement.whenComplete(
        (ok, error) -> {
          synchronized (this) {
            outstanding--;
            notifyAll();
          }
        });
  }

  /** Waits until no republish is on its way, up to a timeout. */
  synchronized void awaitQuiet(Duration timeout) {
    if (!await(this, () -> outstanding == 0, timeout)) {
      log.warn(
          "{} retry or dead-letter publish(es) of '{}' unconfirmed at close; RabbitMQ redelivers"
              + " their originals",
          outstanding,
          subscription.queue);
    }
  }

  /**
   * Waits on a monitor the caller holds until a condition holds, up to a timeout.
   *
   * @return false if the timeout passed first; true if it holds or the thread was interrupted
   */
  static boolean await(Object monitor, BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    return true;
  }
}
