package dev.eventbus.benchmarks.memory;

import com.google.common.eventbus.AsyncEventBus;
import com.google.common.eventbus.Subscribe;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The in-process peer: Guava's {@link AsyncEventBus} on a one-thread executor, one subscriber
 * object with a {@link Subscribe} method taking the payload, as Guava's documentation writes it (no
 * {@code @AllowConcurrentEvents}, so Guava calls the method under the subscriber's lock; with one
 * thread the lock is never contended). {@code post} hands the event to the executor's thread, which
 * calls the handler. The executor's queue is unbounded: Guava applies no backpressure.
 */
@State(Scope.Benchmark)
public class GuavaHandOff {
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  final Arrivals arrivals = new Arrivals();
  AsyncEventBus bus;
  private ExecutorService executor;

  /** Starts the executor's thread and registers the subscriber. */
  @Setup(Level.Trial)
  public void start() {
    executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "guava-subscriber");
              t.setDaemon(true);
              return t;
            });
    bus = new AsyncEventBus("bench", executor);
    bus.register(new Counter(arrivals));
  }

  /**
   * Stops the executor.
   *
   * @throws InterruptedException if interrupted while stopping
   */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    executor.shutdown();
    executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The subscriber: counts every payload it receives. */
  public static final class Counter {
    private final Arrivals arrivals;

    Counter(Arrivals arrivals) {
      this.arrivals = arrivals;
    }

    /**
     * Called by Guava on the executor's thread for every posted payload.
     *
     * @param payload the event
     */
    @Subscribe
    public void on(Payload payload) {
      arrivals.arrive();
    }
  }
}
