package dev.eventbus.eventsourcing;

import dev.eventbus.Event;
import dev.eventbus.EventSerializer;
import dev.eventbus.eventsourcing.internal.LogFollower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only store of events, organised in streams (one per aggregate, say {@code account-42})
 * and in one global log that orders every event of every stream.
 *
 * <pre>{@code
 * EventStore store = InMemoryEventStore.create(bus.serializer());
 * store.append("account-42", ExpectedVersion.NO_STREAM, List.of(new AccountOpened("42", "Ada")));
 * store.append("account-42", 1, List.of(new MoneyDeposited("42", 100)));
 * for (RecordedEvent e : store.readStream("account-42", 1)) {
 *   System.out.println(e.version() + " " + e.payload());
 * }
 * }</pre>
 *
 * <p><b>Envelope.</b> Events are completed and encoded by the core's {@link EventSerializer} (the
 * bus's codec, type registry and upcasters) and stored in that encoded form, so they keep their
 * {@code id}, {@code type}, {@code eventversion}, {@code time} and headers, and old versions are
 * upcast when read. An event without a partition key gets its stream id as key, so that a relay to
 * a bus keeps one aggregate's events in order.
 *
 * <p><b>Guarantees.</b> An append is atomic: all of its events are stored, or none. It is checked
 * against the stream's version ({@link ExpectedVersion}). Global positions start at 1 and increase
 * by exactly one per event, in commit order; readers never see a gap, never see part of an append,
 * and never see a position appear after a higher one was readable. Event ids are unique in a store.
 *
 * <p><b>Threads.</b> Implementations are thread-safe. Reads return snapshots: lists that later
 * appends do not change.
 */
public interface EventStore {
  /** Events per page when {@link #readStream(String, long)} reads a whole stream. */
  int STREAM_PAGE_SIZE = 1_000;

  /**
   * Appends events to a stream, atomically, if the stream is at the expected version.
   *
   * @param streamId the stream, a non-blank string of at most 200 characters
   * @param expectedVersion the stream's version read before deciding (0 or {@link
   *     ExpectedVersion#NO_STREAM} for a new stream), or {@link ExpectedVersion#ANY}
   * @param events payloads or {@link Event}s, in order; attributes left unset are completed as a
   *     publish would
   * @return the stored events, with their versions and positions; empty if {@code events} was empty
   *     (the version is still checked)
   * @throws ConcurrencyException if the stream is not at the expected version; nothing was stored
   * @throws EventStoreException if an event id is already stored, or the store failed
   * @throws dev.eventbus.RetryableEventBusException if the store failed transiently; nothing was
   *     stored
   */
  List<RecordedEvent> append(String streamId, long expectedVersion, List<?> events);

  /**
   * Reads a stream forward.
   *
   * @param streamId the stream
   * @param fromVersion the first version to return (1 for the whole stream)
   * @param max the most events to return, at least 1
   * @return events with {@code version >= fromVersion}, in version order; empty if none
   */
  List<RecordedEvent> readStream(String streamId, long fromVersion, int max);

  /**
   * Reads a stream forward to its end, a page of {@link #STREAM_PAGE_SIZE} at a time.
   *
   * @param streamId the stream
   * @param fromVersion the first version to return (1 for the whole stream)
   * @return events with {@code version >= fromVersion}, in version order; empty if none
   */
  default List<RecordedEvent> readStream(String streamId, long fromVersion) {
    List<RecordedEvent> all = new ArrayList<>();
    long next = fromVersion;
    while (true) {
      List<RecordedEvent> page = readStream(streamId, next, STREAM_PAGE_SIZE);
      all.addAll(page);
      if (page.size() < STREAM_PAGE_SIZE) {
        return all;
      }
      next = page.get(page.size() - 1).version() + 1;
    }
  }

  /**
   * Reads the global log forward. Only committed events are returned, without gaps.
   *
   * @param fromPosition the first position to return (1, or 0, for the whole log)
   * @param max the most events to return, at least 1
   * @return events with {@code position >= fromPosition}, in position order; empty if none
   */
  List<RecordedEvent> readAll(long fromPosition, int max);

  /**
   * The position of the last committed event.
   *
   * @return the head of the global log, 0 if the store is empty
   */
  long headPosition();

  /**
   * Waits until an event after a position is committed, or the timeout passes. An in-process store
   * wakes at once; a database store polls at its poll interval, and wakes at once for appends made
   * through the same instance.
   *
   * @param afterPosition the position already seen
   * @param timeout how long to wait at most
   * @return true if {@link #headPosition()} is now greater than {@code afterPosition}
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  boolean awaitAppend(long afterPosition, Duration timeout) throws InterruptedException;

  /**
   * The serializer that encodes appended events and decodes read ones.
   *
   * @return the serializer
   */
  EventSerializer serializer();

  /**
   * Follows the global log from a position: a dedicated thread reads pages of at most {@code
   * LogSubscription.PAGE_SIZE} events and hands each to the listener, in position order, one at a
   * time, then waits for appends. Nothing is buffered beyond one page.
   *
   * <p>If the listener throws, the subscription stops in state {@link ProcessingState#FAILED} with
   * that exception, except for a {@link dev.eventbus.RetryableEventBusException}, after which the
   * same event is handed again after a backoff. Store failures are retried the same way.
   *
   * @param fromPosition the first position to deliver (1, or 0, for the whole log)
   * @param listener receives the events
   * @return the running subscription; close it to stop
   */
  default LogSubscription subscribe(long fromPosition, LogListener listener) {
    return LogFollower.start(this, fromPosition, listener);
  }
}
