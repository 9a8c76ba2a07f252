package dev.eventbus.internal;

import dev.eventbus.BackpressureException;
import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.PublishException;
import io.micrometer.observation.Observation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One publish on its way: the future the caller gets, completed with the event once the broker
 * accepted it. One object per publish, which also observes the broker's future; without metrics or
 * an observation registry it holds nothing more ({@link Observed} does).
 */
class Publication extends CompletableFuture<Event<?>> implements BiConsumer<Void, Throwable> {
  final String topic;
  final Event<?> event;
  private final PublishWindow window;

  Publication(String topic, Event<?> event, PublishWindow window) {
    this.topic = topic;
    this.event = event;
    this.window = window;
  }

  /** Notes when the event went to the broker, for the publish timer. */
  void sending(long nanos) {}

  /** Waits for the broker's future; settles at once when it is already complete. */
  void sent(CompletableFuture<Void> future) {
    if (future.isDone() && !future.isCompletedExceptionally()) {
      accept(null, null);
    } else {
      future.whenComplete(this);
    }
  }

  @Override
  public void accept(Void ignored, Throwable error) {
    window.release();
    if (error == null) {
      succeeded();
      complete(event);
    } else {
      fail(wrap(topic, event, error));
    }
  }

  void succeeded() {}

  /** Fails the publish before or after it reached the broker. */
  void fail(Throwable error) {
    completeExceptionally(error);
  }

  /** A publication that is timed and observed. */
  static final class Observed extends Publication {
    private final Observation observation;
    private final BusMetrics metrics;
    private long start;

    Observed(
        String topic,
        Event<?> event,
        PublishWindow window,
        Observation observation,
        BusMetrics metrics) {
      super(topic, event, window);
      this.observation = observation;
      this.metrics = metrics;
    }

    @Override
    void sending(long nanos) {
      start = nanos;
    }

    @Override
    public void accept(Void ignored, Throwable error) {
      if (metrics.recording()) {
        long elapsed = System.nanoTime() - start;
        metrics.publishTimer(topic, error == null).record(elapsed, TimeUnit.NANOSECONDS);
      }
      super.accept(ignored, error);
    }

    @Override
    void succeeded() {
      observation.stop();
    }

    @Override
    void fail(Throwable error) {
      EventObservations.failed(observation, error);
      observation.stop();
      super.fail(error);
    }
  }

  /**
   * What the caller's future fails with: the bus's own publish failures as they are, anything else
   * the broker raised (a timeout, an unreachable cluster, a client error) as a {@link
   * PublishException} whose cause it is, as {@code EventBus#publish} promises.
   */
  private static Throwable wrap(String topic, Event<?> event, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof PublishException
        || cause instanceof EventTooLargeException
        || cause instanceof BackpressureException
        || cause instanceof ConfigurationException) {
      return cause;
    }
    String why = cause instanceof EventBusException ? cause.getMessage() : cause.toString();
    return new PublishException(
        "Publishing event " + event.id() + " to topic '" + topic + "' failed: " + why, cause);
  }
}
