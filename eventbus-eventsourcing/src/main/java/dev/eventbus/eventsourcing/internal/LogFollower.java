package dev.eventbus.eventsourcing.internal;

import dev.eventbus.eventsourcing.EventStore;
import dev.eventbus.eventsourcing.LogListener;
import dev.eventbus.eventsourcing.LogSubscription;
import dev.eventbus.eventsourcing.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The worker behind {@link EventStore#subscribe}: hands events to a listener one at a time. */
public final class LogFollower extends LogWorker implements LogSubscription {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final LogListener listener;

  private LogFollower(EventStore store, LogListener listener) {
    super("eventstore-subscription", store, PAGE_SIZE, POLL, FIRST_BACKOFF, MAX_BACKOFF);
    this.listener = listener;
  }

  /**
   * Starts a subscription.
   *
   * @param store the store
   * @param fromPosition the first position to deliver
   * @param listener the listener
   * @return the running subscription
   */
  public static LogSubscription start(EventStore store, long fromPosition, LogListener listener) {
    LogFollower follower = new LogFollower(store, Objects.requireNonNull(listener, "listener"));
    follower.start(fromPosition);
    return follower;
  }

  @Override
  protected void process(List<RecordedEvent> page) throws Exception {
    for (RecordedEvent event : page) {
      listener.onEvent(event);
      advance(event.position());
    }
  }

  @Override
  public void close() {
    stop();
  }
}
