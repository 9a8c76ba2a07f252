package dev.eventbus.eventsourcing;

import dev.eventbus.EventSerializer;
import dev.eventbus.eventsourcing.internal.Envelopes;
import dev.eventbus.spi.BrokerMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link EventStore} in the heap of this process: for tests, demos and services whose events may
 * be lost with the process. It stores the encoded form, exactly like {@link PostgresEventStore}, so
 * events go through the same serializer on the way in and out and the two stores behave alike (the
 * same contract suite runs on both).
 *
 * <p>Thread-safe. Appends are serialized by one lock; reads copy the requested range under it.
 * Memory grows with every event: nothing is ever evicted.
 */
public final class InMemoryEventStore implements EventStore {
  private record Stored(
      String streamId, long version, long position, Instant recordedAt, BrokerMessage message) {}

  private final EventSerializer serializer;
  private final Clock clock;
  private final List<Stored> log = new ArrayList<>();
  private final Map<String, List<Stored>> streams = new HashMap<>();
  private final Set<String> ids = new HashSet<>();

  private InMemoryEventStore(EventSerializer serializer, Clock clock) {
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates an empty store.
   *
   * @param serializer the serializer of the bus whose events it stores, from {@link
   *     dev.eventbus.EventBus#serializer()}
   * @return the store
   */
  public static InMemoryEventStore create(EventSerializer serializer) {
    return new InMemoryEventStore(serializer, Clock.systemUTC());
  }

  @Override
  public List<RecordedEvent> append(String streamId, long expectedVersion, List<?> events) {
    Envelopes.checkExpectedVersion(expectedVersion);
    List<BrokerMessage> messages = Envelopes.encodeAll(serializer, streamId, events);
    Instant now = clock.instant();
    synchronized (this) {
      List<Stored> stream = streams.getOrDefault(streamId, List.of());
      long actual = stream.size();
      if (expectedVersion != ExpectedVersion.ANY && expectedVersion != actual) {
        throw new ConcurrencyException(streamId, expectedVersion, actual);
      }
      for (BrokerMessage m : messages) {
        if (ids.contains(m.id())) {
          throw new EventStoreException(
              "Event id " + m.id() + " is already stored; append to '" + streamId + "' rejected");
        }
      }
      List<RecordedEvent> recorded = new ArrayList<>(messages.size());
      List<Stored> target = streams.computeIfAbsent(streamId, s -> new ArrayList<>());
      for (BrokerMessage m : messages) {
        Stored stored = new Stored(streamId, target.size() + 1L, log.size() + 1L, now, m);
        target.add(stored);
        log.add(stored);
        ids.add(m.id());
        recorded.add(toRecorded(stored));
      }
      if (target.isEmpty()) {
        streams.remove(streamId);
      }
      notifyAll();
      return recorded;
    }
  }

  @Override
  public synchronized List<RecordedEvent> readStream(String streamId, long fromVersion, int max) {
    Envelopes.checkStreamId(streamId);
    Envelopes.checkMax(max);
    List<Stored> stream = streams.getOrDefault(streamId, List.of());
    int from = (int) Math.min(Math.max(fromVersion, 1) - 1, stream.size());
    int to = (int) Math.min((long) from + max, stream.size());
    List<RecordedEvent> page = new ArrayList<>(to - from);
    for (Stored s : stream.subList(from, to)) {
      page.add(toRecorded(s));
    }
    return page;
  }

  @Override
  public synchronized List<RecordedEvent> readAll(long fromPosition, int max) {
    Envelopes.checkMax(max);
    int from = (int) Math.min(Math.max(fromPosition, 1) - 1, log.size());
    int to = (int) Math.min((long) from + max, log.size());
    List<RecordedEvent> page = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      page.add(toRecorded(log.get(i)));
    }
    return page;
  }

  @Override
  public synchronized long headPosition() {
    return log.size();
  }

  @Override
  public synchronized boolean awaitAppend(long afterPosition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (log.size() <= afterPosition) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      wait(Math.max(1, remaining / 1_000_000));
    }
    return true;
  }

  @Override
  public EventSerializer serializer() {
    return serializer;
  }

  private RecordedEvent toRecorded(Stored s) {
    return RecordedEvent.of(
        s.streamId(), s.version(), s.position(), s.recordedAt(), s.message(), serializer);
  }
}
