package dev.eventbus.testkit;

import dev.eventbus.DeadLetter;
import dev.eventbus.Event;
import dev.eventbus.EventSerializer;
import dev.eventbus.Handler;
import dev.eventbus.Middleware;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import dev.eventbus.testkit.internal.ObservedBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds the harness's recordings: published and dead-lettered events from the broker decorator,
 * consumed events from a middleware around every handler. Thread-safe.
 */
final class HarnessRecorder implements ObservedBroker.Observer, Middleware {
  private final Activity activity;
  private final RecordedList<Published> published;
  private final RecordedList<Consumed> consumed;
  private final RecordedList<DeadLettered> deadLettered;
  private final Map<String, Throwable> lastFailures = new ConcurrentHashMap<>();
  private volatile EventSerializer serializer;

  HarnessRecorder(Activity activity, Duration timeout, Duration inactivity) {
    this.activity = activity;
    this.published = new RecordedList<>("published", timeout, inactivity, activity);
    this.consumed = new RecordedList<>("consumed", timeout, inactivity, activity);
    this.deadLettered = new RecordedList<>("dead-lettered", timeout, inactivity, activity);
  }

  void decodeWith(EventSerializer serializer) {
    this.serializer = serializer;
  }

  RecordedList<Published> published() {
    return published;
  }

  RecordedList<Consumed> consumed() {
    return consumed;
  }

  RecordedList<DeadLettered> deadLettered() {
    return deadLettered;
  }

  @Override
  public void sending(
      String topic, String group, BrokerMessage message, CompletableFuture<Void> result) {
    long start = System.nanoTime();
    activity.sendStarted();
    result.whenComplete(
        (ok, failure) -> {
          activity.sendFinished();
          published.add(
              new Published(decode(message), topic, group, message, unwrap(failure), since(start)));
        });
  }

  @Override
  public void delivered(Delivery delivery) {
    activity.touch();
  }

  @Override
  public void settled(Delivery delivery, ObservedBroker.Settlement settlement) {
    activity.touch();
  }

  @Override
  public void deadLettering(
      Delivery delivery, Map<String, String> headers, CompletableFuture<Void> result) {
    long start = System.nanoTime();
    BrokerMessage message = delivery.message();
    result.whenComplete(
        (ok, failure) -> {
          if (failure == null) {
            DeadLetter letter = new DeadLetter(message.withHeaders(headers));
            Throwable cause = lastFailures.get(key(delivery.group(), message.id()));
            deadLettered.add(new DeadLettered(decode(message), letter, cause, since(start)));
          }
        });
  }

  @Override
  public Handler apply(Handler next) {
    return context -> {
      long start = System.nanoTime();
      activity.handlerStarted();
      Throwable failure = null;
      try {
        next.handle(context);
      } catch (Exception | Error e) {
        failure = e;
        throw e;
      } finally {
        if (failure != null) {
          lastFailures.put(key(context.group(), context.event().id()), failure);
        }
        consumed.add(
            new Consumed(
                context.event(),
                context.topic(),
                context.group(),
                context.attempt(),
                failure,
                since(start)));
        activity.handlerFinished();
      }
    };
  }

  private Event<?> decode(BrokerMessage message) {
    EventSerializer current = serializer;
    if (current == null) {
      return null;
    }
    try {
      return current.decode(message);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String key(String group, String eventId) {
    return group + '\u0000' + eventId;
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
