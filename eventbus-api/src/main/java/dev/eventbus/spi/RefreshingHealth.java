package dev.eventbus.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A broker's health as {@link Broker#health()} must give it, when finding it out costs a request to
 * the broker: {@link #value()} never waits on the network. It returns the last answer and, when
 * that is older than the minimum interval and no check is running, starts one. So a health endpoint
 * polled often asks the broker at most once per interval, and a broker that stops answering shows
 * DOWN once the check's timeout has passed, not while a caller waits.
 *
 * <p>A check that completes exceptionally or not within the timeout reads as DOWN, with the
 * exception's class name only (its message may hold a host name or a credential's holder).
 *
 * <p>Thread-safe.
 */
public final class RefreshingHealth {
  private final String unreachable;
  private final Supplier<? extends CompletionStage<BrokerHealth>> check;
  private final Duration timeout;
  private final long minIntervalNanos;
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile BrokerHealth last = BrokerHealth.down("not checked yet");
  private volatile long lastStart;
  private volatile boolean started;
  private final CompletableFuture<Void> answered = new CompletableFuture<>();

  /**
   * Creates it; nothing is checked until {@link #value()} or {@link #checkNow()}.
   *
   * @param unreachable what a failed check says, before the exception's class name: {@code cluster
   *     unreachable}
   * @param check starts one request and completes with UP or DOWN; called at most once at a time,
   *     on the caller's thread, so it must only start the request (an asynchronous client call, or
   *     a task handed to the adapter's own threads)
   * @param timeout how long a check may take before it reads as DOWN
   * @param minInterval the least time between the starts of two checks
   */
  public RefreshingHealth(
      String unreachable,
      Supplier<? extends CompletionStage<BrokerHealth>> check,
      Duration timeout,
      Duration minInterval) {
    this.unreachable = Objects.requireNonNull(unreachable, "unreachable");
    this.check = Objects.requireNonNull(check, "check");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.minIntervalNanos = minInterval.toNanos();
  }

  /**
   * {@return the last answer, starting a new check in the background if it is stale} DOWN ({@code
   * not checked yet}) until the first check completes. Never blocks on the broker.
   */
  public BrokerHealth value() {
    refreshIfStale();
    return last;
  }

  /**
   * Starts a check unless one is running, and waits for the answer up to the timeout. For an
   * adapter's {@code start()}, so that health reads right from the moment the broker is started.
   *
   * @return the answer, or the last one if none came within the timeout
   */
  public BrokerHealth checkNow() {
    CompletableFuture<Void> running = start();
    if (running != null) {
      try {
        running.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the check records its own outcome; a late one lands when it completes
      }
    }
    return last;
  }

  /**
   * {@return the last answer, waiting up to the timeout for the first one if none came yet} For a
   * decision an adapter makes right after start, such as whether to set a consumer up at once or in
   * the background: it waits at most once, for the first check.
   */
  public BrokerHealth firstAnswer() {
    refreshIfStale();
    if (!answered.isDone()) {
      try {
        answered.get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the check records its own outcome
      }
    }
    return last;
  }

  private void refreshIfStale() {
    if (!started || System.nanoTime() - lastStart >= minIntervalNanos) {
      start();
    }
  }

  private CompletableFuture<Void> start() {
    if (!checking.compareAndSet(false, true)) {
      return null;
    }
    lastStart = System.nanoTime();
    started = true;
    CompletableFuture<BrokerHealth> answer;
    try {
      answer = check.get().toCompletableFuture();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (health, failure) -> {
              last = failure == null && health != null ? health : down(failure);
              checking.set(false);
              answered.complete(null);
              return null;
            });
  }

  private BrokerHealth down(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String name = cause == null ? "no answer" : cause.getClass().getSimpleName();
    return BrokerHealth.down(unreachable + ": " + name);
  }
}
