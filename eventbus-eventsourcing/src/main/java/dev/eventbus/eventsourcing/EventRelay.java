package dev.eventbus.eventsourcing;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import dev.eventbus.eventsourcing.internal.RelayWorker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Publishes the events of a store to a bus: the store as an outbox. A command appends its events in
 * the store's transaction, and the relay publishes them afterwards, so an event is never published
 * without being stored, nor stored without being published eventually.
 *
 * <pre>{@code
 * try (EventRelay relay = EventRelay.builder(store, bus)
 *         .topic(recorded -> "accounts")                    // or by type, by stream prefix ...
 *         .checkpointStore(postgresStore.checkpointStore())  // survives restarts
 *         .build()) {
 *   relay.start();
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Guarantees.</b> Events are published with {@link EventBus#publishAll} in position order,
 * keeping their stored id, type, time and other attributes, plus the headers {@code
 * eventstore-stream}, {@code eventstore-version} and {@code eventstore-position}. The relay's
 * position is stored in its {@link CheckpointStore} only after the bus confirmed every event up to
 * it, so a crash between append and publish, or during a publish, loses nothing: the next relay
 * started with the same name and checkpoint store publishes from there, and consumers may see some
 * events twice (the bus's idempotent consumer, which recognises them by id, removes the
 * duplicates). A failed publish is retried with exponential backoff; an event that cannot be
 * decoded, or for which the topic function fails, stops the relay in {@link
 * ProcessingState#FAILED}: it is never skipped.
 *
 * <p>Run one relay per name at a time; two would publish every event twice. Thread-safe.
 */
public final class EventRelay implements AutoCloseable {
  /** The name, and checkpoint key, used when none is configured. */
  public static final String DEFAULT_NAME = "eventbus-relay";

  /** Events read and published at once by default. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  /** How long the relay waits for the bus to confirm a page by default. */
  public static final Duration DEFAULT_PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final RelayWorker worker;
  private final CheckpointStore checkpoints;
  private final String name;

  private EventRelay(Builder b) {
    this.name = b.name;
    this.checkpoints = b.checkpoints;
    this.worker =
        new RelayWorker(
            b.name,
            b.store,
            b.bus,
            b.topics,
            b.checkpoints,
            b.pageSize,
            b.publishTimeout,
            b.initialBackoff,
            b.maxBackoff);
  }

  /**
   * A builder.
   *
   * @param store the store whose log is published
   * @param bus the bus to publish to; the relay neither starts nor closes it
   * @return a new builder
   */
  public static Builder builder(EventStore store, EventBus bus) {
    return new Builder(store, bus);
  }

  /**
   * Starts publishing after the stored position. Call once.
   *
   * @return this relay
   * @throws IllegalStateException if it was already started
   */
  public EventRelay start() {
    worker.start(checkpoints.load(name) + 1);
    return this;
  }

  /**
   * The relay's state.
   *
   * @return the state
   */
  public ProcessingState state() {
    return worker.state();
  }

  /**
   * The position up to which every event is published and confirmed.
   *
   * @return the position
   */
  public long position() {
    return worker.position();
  }

  /**
   * Why the relay failed or is retrying.
   *
   * @return the last failure, empty if none happened
   */
  public Optional<Throwable> failure() {
    return worker.failure();
  }

  /**
   * Waits until every event up to a position is published and confirmed.
   *
   * @param position the position
   * @param timeout how long to wait at most
   * @return true if it was; false on timeout, or if the relay failed or stopped first
   * @throws InterruptedException if interrupted
   */
  public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
    return worker.awaitPosition(position, timeout);
  }

  /** Stops after the page in progress; unconfirmed events are published by the next relay. */
  @Override
  public void close() {
    worker.stop();
  }

  /** Configures an {@link EventRelay}. Not thread-safe. */
  public static final class Builder {
    private final EventStore store;
    private final EventBus bus;
    private String name = DEFAULT_NAME;
    private Function<RecordedEvent, String> topics;
    private CheckpointStore checkpoints = InMemoryCheckpointStore.create();
    private int pageSize = DEFAULT_PAGE_SIZE;
    private Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;
    private Duration initialBackoff = ProjectionRunner.DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = ProjectionRunner.DEFAULT_MAX_BACKOFF;

    private Builder(EventStore store, EventBus bus) {
      this.store = Objects.requireNonNull(store, "store");
      this.bus = Objects.requireNonNull(bus, "bus");
    }

    /**
     * The relay's name: the key of its position. Default {@value #DEFAULT_NAME}.
     *
     * @param name a non-blank name of at most 200 characters
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Chooses the topic of each event. Required. It must be pure and fast; if it throws, the relay
     * stops in {@link ProcessingState#FAILED}.
     *
     * @param topics from a recorded event to a topic
     * @return this builder
     */
    public Builder topic(Function<RecordedEvent, String> topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    /**
     * Where the relay's position is kept. Default: in memory, so a new process publishes the whole
     * log again; use {@link PostgresEventStore#checkpointStore()} with a database store.
     *
     * @param checkpoints the checkpoint store
     * @return this builder
     */
    public Builder checkpointStore(CheckpointStore checkpoints) {
      this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
      return this;
    }

    /**
     * Events read and published at once. Default {@value #DEFAULT_PAGE_SIZE}.
     *
     * @param pageSize from 1 to 10,000
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * How long to wait for the bus to confirm a page before retrying it. Default 30 s.
     *
     * @param timeout from 1 ms to 10 minutes
     * @return this builder
     */
    public Builder publishTimeout(Duration timeout) {
      this.publishTimeout = timeout;
      return this;
    }

    /**
     * The waits after a failed publish: {@code initial}, doubled up to {@code max}.
     *
     * @param initial from 1 ms to {@code max}
     * @param max up to 10 minutes
     * @return this builder
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Validates and builds the relay. Nothing runs before {@link EventRelay#start()}.
     *
     * @return the relay
     * @throws ConfigurationException naming the invalid setting
     */
    public EventRelay build() {
      if (name == null || name.isBlank() || name.length() > 200) {
        throw new ConfigurationException(
            "name", name, "a non-blank name of at most 200 characters");
      }
      if (topics == null) {
        throw new ConfigurationException(
            "topic", null, "a function from a recorded event to a topic");
      }
      if (pageSize < 1 || pageSize > 10_000) {
        throw new ConfigurationException("pageSize", pageSize, "1 to 10000");
      }
      Duration tenMinutes = Duration.ofMinutes(10);
      if (publishTimeout == null
          || publishTimeout.compareTo(Duration.ofMillis(1)) < 0
          || publishTimeout.compareTo(tenMinutes) > 0) {
        throw new ConfigurationException("publishTimeout", publishTimeout, "1 ms to 10 minutes");
      }
      if (maxBackoff == null || maxBackoff.compareTo(tenMinutes) > 0) {
        throw new ConfigurationException("retryBackoff.max", maxBackoff, "at most 10 minutes");
      }
      if (initialBackoff == null
          || initialBackoff.compareTo(Duration.ofMillis(1)) < 0
          || initialBackoff.compareTo(maxBackoff) > 0) {
        throw new ConfigurationException(
            "retryBackoff.initial", initialBackoff, "from 1 ms to the maximum backoff");
      }
      return new EventRelay(this);
    }
  }
}
