package dev.eventbus.eventsourcing.internal;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.eventsourcing.CheckpointStore;
import dev.eventbus.eventsourcing.EventStore;
import dev.eventbus.eventsourcing.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Publishes the log to a bus: each page is published (consecutive events of one topic as one
 * batch), then, once the bus confirmed every event, its last position is stored. A crash or a
 * failed publish before the position is stored publishes those events again: at-least-once.
 */
public final class RelayWorker extends LogWorker {
  /** Header naming the stream of a relayed event. */
  public static final String STREAM_HEADER = "eventstore-stream";

  /** Header with the stream version of a relayed event. */
  public static final String VERSION_HEADER = "eventstore-version";

  /** Header with the global position of a relayed event. */
  public static final String POSITION_HEADER = "eventstore-position";

  private static final Duration POLL = Duration.ofSeconds(1);

  /** A topic and the events published to it in one batch. */
  private record Run(String topic, List<RecordedEvent> recorded, List<Event<?>> events) {}

  /** A publish that may succeed if tried again. */
  private static final class PublishFailed extends RetryableEventBusException {
    private static final long serialVersionUID = 1L;

    PublishFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String name;
  private final EventBus bus;
  private final Function<RecordedEvent, String> topics;
  private final CheckpointStore checkpoints;
  private final Duration publishTimeout;

  /**
   * Creates the worker.
   *
   * @param name the relay's name, its checkpoint key
   * @param store the store
   * @param bus the bus
   * @param topics picks each event's topic
   * @param checkpoints where the position goes
   * @param pageSize events per page
   * @param publishTimeout how long to wait for the bus to confirm an event
   * @param initialBackoff first wait after a failed publish
   * @param maxBackoff longest wait after a failed publish
   */
  public RelayWorker(
      String name,
      EventStore store,
      EventBus bus,
      Function<RecordedEvent, String> topics,
      CheckpointStore checkpoints,
      int pageSize,
      Duration publishTimeout,
      Duration initialBackoff,
      Duration maxBackoff) {
    super("relay-" + name, store, pageSize, POLL, initialBackoff, maxBackoff);
    this.name = name;
    this.bus = bus;
    this.topics = topics;
    this.checkpoints = checkpoints;
    this.publishTimeout = publishTimeout;
  }

  @Override
  protected void process(List<RecordedEvent> page) throws InterruptedException {
    List<Run> runs = new ArrayList<>();
    RuntimeException stop = null;
    for (RecordedEvent e : page) {
      try {
        add(runs, topicOf(e), e, withOrigin(e));
      } catch (RuntimeException ex) {
        stop = ex; // publish what comes before the bad event, then stop at it
        break;
      }
    }
    publish(runs);
    if (stop != null) {
      throw stop;
    }
  }

  private void publish(List<Run> runs) throws InterruptedException {
    List<RecordedEvent> sent = new ArrayList<>();
    List<CompletableFuture<Event<?>>> futures = new ArrayList<>();
    for (Run run : runs) {
      sent.addAll(run.recorded());
      futures.addAll(bus.publishAll(run.topic(), run.events()));
    }
    long deadline = System.nanoTime() + publishTimeout.toNanos();
    for (int i = 0; i < futures.size(); i++) {
      try {
        futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        if (i > 0) {
          confirm(sent.get(i - 1).position());
        }
        throw failure(sent.get(i), e instanceof ExecutionException ? e.getCause() : e);
      }
    }
    if (!sent.isEmpty()) {
      confirm(sent.get(sent.size() - 1).position());
    }
  }

  private static void add(List<Run> runs, String topic, RecordedEvent recorded, Event<?> event) {
    Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
    if (last == null || !last.topic().equals(topic)) {
      last = new Run(topic, new ArrayList<>(), new ArrayList<>());
      runs.add(last);
    }
    last.recorded().add(recorded);
    last.events().add(event);
  }

  private String topicOf(RecordedEvent e) {
    String topic;
    try {
      topic = topics.apply(e);
    } catch (RuntimeException ex) {
      throw new EventBusException(
          "Relay '" + name + "' cannot choose a topic for " + e + ": " + ex.getMessage(), ex);
    }
    if (topic == null || topic.isBlank()) {
      throw new EventBusException("Relay '" + name + "' got no topic for " + e);
    }
    return topic;
  }

  private static Event<?> withOrigin(RecordedEvent e) {
    return e.event().toBuilder()
        .header(STREAM_HEADER, e.streamId())
        .header(VERSION_HEADER, Long.toString(e.version()))
        .header(POSITION_HEADER, Long.toString(e.position()))
        .build();
  }

  private void confirm(long position) {
    checkpoints.save(name, position);
    advance(position);
  }

  private RuntimeException failure(RecordedEvent e, Throwable cause) {
    String message = "Relay '" + name + "' could not publish " + e + ": " + cause.getMessage();
    // An event too large for the broker stays too large: retrying cannot help.
    return cause instanceof EventTooLargeException
        ? new EventBusException(message, cause)
        : new PublishFailed(message, cause);
  }
}
