package dev.eventbus.internal;

import dev.eventbus.GroupOptions;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a subscription does with an attempt that failed or an event it cannot decode: retry it (in
 * place for an ordered key, so that later events of the key wait; through the broker otherwise),
 * look again shortly when another instance holds its idempotency claim, or dead-letter it; and the
 * delayed retries that close cancels. Each retry in place is told to the broker first, which may
 * keep its count across a crash. One per {@link ConsumerRuntime}; called from its handler threads
 * and from the bus's scheduler.
 */
final class FailedAttempts {
  // The subscription's logger: retries and dead letters are logged where they always were.
  private static final Logger log = LoggerFactory.getLogger(ConsumerRuntime.class);
  private static final Duration CLAIM_RECHECK = Duration.ofMillis(200);

  private final ConsumerRuntime runtime;
  private final String topic;
  private final String group;
  private final GroupOptions options;
  private final DefaultEventBus bus;
  private final BusMetrics.GroupMeters meters;
  private final Set<PendingTask> pending = ConcurrentHashMap.newKeySet();

  FailedAttempts(
      ConsumerRuntime runtime,
      String topic,
      String group,
      GroupOptions options,
      DefaultEventBus bus,
      BusMetrics.GroupMeters meters) {
    this.runtime = runtime;
    this.topic = topic;
    this.group = group;
    this.options = options;
    this.bus = bus;
    this.meters = meters;
  }

  /** Close: the delayed retries do not run; their deliveries stay unsettled for redelivery. */
  void cancelPending() {
    pending.forEach(PendingTask::cancel);
    pending.clear();
  }

  /** An attempt failed: retry it, or dead-letter it when retries are over or it cannot succeed. */
  void failed(Work work, Throwable failure) {
    if (failure instanceof IdempotencyMiddleware.ClaimedElsewhere) {
      redeliverSameAttempt(work);
      return;
    }
    Instant now = bus.scheduler().now();
    if (work.firstFailure == null) {
      work.firstFailure = now;
    }
    boolean retryable = options.retry().isRetryable(failure);
    if (!retryable || work.attempt >= options.retry().maxAttempts()) {
      if (failure instanceof Error && !(failure instanceof AssertionError)) {
        log.error("Handler of {}/{} threw an Error", topic, group, failure);
      }
      deadLetter(
          work,
          failure,
          retryable ? FailureHeaders.RETRIES_EXHAUSTED : FailureHeaders.NON_RETRYABLE);
      return;
    }
    Duration delay =
        options.retry().delayAfter(work.attempt, ThreadLocalRandom.current().nextDouble());
    meters.retries.increment();
    log.debug(
        "Attempt {} of {} in {}/{} failed; retrying in {} ms: {}",
        work.attempt,
        work.delivery.message().id(),
        topic,
        group,
        delay.toMillis(),
        failure.toString());
    if (work.key != null) {
      // Ordered key: retry in place, so that later events of this key wait behind this one.
      work.attempt++;
      keepCount(work);
      retryInPlace(work, delay);
    } else {
      work.retryLater(delay, FailureHeaders.retry(work.attempt + 1, work.firstFailure));
      meters.retried.increment();
      runtime.finish(work);
    }
  }

  /** Another instance holds the event: look again shortly, without using up an attempt. */
  private void redeliverSameAttempt(Work work) {
    if (work.key != null) {
      retryInPlace(work, CLAIM_RECHECK);
    } else {
      Map<String, String> headers =
          work.firstFailure == null
              ? Map.of(Delivery.ATTEMPT_HEADER, Integer.toString(work.attempt))
              : FailureHeaders.retry(work.attempt, work.firstFailure);
      work.retryLater(CLAIM_RECHECK, headers);
      runtime.finish(work);
    }
  }

  /**
   * Lets the broker keep the count of a retry in place, so that a redelivery after a crash goes on
   * from it. A broker that fails at it must not stop the retry: the count would only start again.
   */
  private void keepCount(Work work) {
    try {
      work.delivery.retryingInPlace(work.attempt, work.firstFailure);
    } catch (RuntimeException e) {
      log.warn(
          "Broker could not keep the attempt count of {} in {}/{}: {}",
          work.delivery.message().id(),
          topic,
          group,
          e.toString());
    }
  }

  private void retryInPlace(Work work, Duration delay) {
    later(delay, () -> runtime.submit(work));
  }

  /**
   * Runs a task after a delay unless the subscription closes first. The holder is registered before
   * scheduling, so a task that runs before {@code schedule} returns still finds it.
   */
  private void later(Duration delay, Runnable task) {
    PendingTask retry = new PendingTask();
    pending.add(retry);
    retry.scheduled =
        bus.scheduler()
            .schedule(
                delay,
                () -> {
                  if (pending.remove(retry) && !runtime.isClosing()) {
                    task.run();
                  }
                });
  }

  /** A delayed retry that close() can cancel. */
  private static final class PendingTask {
    volatile Scheduler.Cancellable scheduled;

    void cancel() {
      Scheduler.Cancellable s = scheduled;
      if (s != null) {
        s.cancel();
      }
    }
  }

  /** Writes the dead letter; the delivery is settled once the broker has it. */
  void deadLetter(Work work, Throwable failure, String reason) {
    Instant now = bus.scheduler().now();
    Instant first = work.firstFailure != null ? work.firstFailure : now;
    Map<String, String> headers =
        FailureHeaders.deadLetter(work, topic, group, failure, reason, first, now);
    log.warn(
        "Dead-lettering {} from {}/{} after {} attempt(s), {}: {}",
        work.delivery.message().id(),
        topic,
        group,
        work.attempt,
        reason,
        FailureHeaders.bounded(failure.toString()));
    work.deadLetter(headers)
        .whenComplete(
            (v, error) -> {
              if (error == null) {
                meters.deadLettered.increment();
                meters.deadLetteredReason(reason).increment();
                runtime.finish(work);
              } else if (!runtime.isClosing() && !(error instanceof Work.NotOpen)) {
                log.error(
                    "Writing dead letter {} of {}/{} failed; trying again in 1 s",
                    work.delivery.message().id(),
                    topic,
                    group,
                    error);
                later(Duration.ofSeconds(1), () -> deadLetter(work, failure, reason));
              }
            });
  }
}
