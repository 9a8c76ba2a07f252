package dev.eventbus.eventsourcing;

import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventSerializer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads aggregates by replaying their stream, and appends the events their commands decide, with
 * optimistic concurrency. No base class and no annotations: an aggregate is an initial state and a
 * function {@code (state, event) -> state}; a command is a function {@code state -> events}.
 *
 * <pre>{@code
 * record Account(long balance, boolean open) {
 *   static final Account NONE = new Account(0, false);
 *
 *   Account apply(Object event) {               // pure: the same events give the same state
 *     if (event instanceof AccountOpened) return new Account(0, true);
 *     if (event instanceof MoneyDeposited d) return new Account(balance + d.amount(), open);
 *     if (event instanceof MoneyWithdrawn w) return new Account(balance - w.amount(), open);
 *     return this;
 *   }
 * }
 *
 * AggregateRepository<Account> accounts =
 *     AggregateRepository.builder(store, Account.NONE, Account::apply)
 *         .snapshots(snapshotStore, 100)          // optional: a snapshot every 100 events
 *         .retryOnConflict(3)                     // optional: re-run a command on a conflict
 *         .build();
 *
 * accounts.execute("account-42", account -> {
 *   if (!account.open() || account.balance() < 30) {
 *     throw new IllegalStateException("cannot withdraw 30");   // nothing is appended
 *   }
 *   return List.of(new MoneyWithdrawn("account-42", 30));
 * });
 * }</pre>
 *
 * <p>The state must be immutable (or at least not changed by {@code apply}), because {@code apply}
 * may be called on a state that is also held elsewhere. With snapshots, the state class is encoded
 * like an event payload: register it with the bus; a snapshot that no longer decodes is ignored
 * (the stream is replayed from the start) and logged.
 *
 * <p>Thread-safe; the repository holds no aggregate between calls.
 *
 * @param <S> the state type
 */
public final class AggregateRepository<S> {
  private static final Logger log = LoggerFactory.getLogger(AggregateRepository.class);

  private final EventStore store;
  private final S initialState;
  private final BiFunction<S, Object, S> evolve;
  private final SnapshotStore snapshots;
  private final int snapshotEvery;
  private final int conflictRetries;

  private AggregateRepository(Builder<S> b) {
    this.store = b.store;
    this.initialState = b.initialState;
    this.evolve = b.evolve;
    this.snapshots = b.snapshots;
    this.snapshotEvery = b.snapshotEvery;
    this.conflictRetries = b.conflictRetries;
  }

  /**
   * A builder.
   *
   * @param store the event store
   * @param initialState the state of an aggregate without events
   * @param evolve applies one event's payload to a state and returns the new state; must be pure
   * @param <S> the state type
   * @return a new builder
   */
  public static <S> Builder<S> builder(
      EventStore store, S initialState, BiFunction<S, Object, S> evolve) {
    return new Builder<>(store, initialState, evolve);
  }

  /**
   * Loads an aggregate: the latest snapshot if any, then the events after it.
   *
   * @param streamId the aggregate's stream
   * @return the aggregate, with version 0 and the initial state if the stream has no events
   * @throws dev.eventbus.EventDecodingException if a stored event cannot be decoded
   */
  public Aggregate<S> load(String streamId) {
    Aggregate<S> start = fromSnapshot(streamId).orElse(new Aggregate<>(streamId, initialState, 0));
    return fold(start, store.readStream(streamId, start.version() + 1));
  }

  /**
   * Appends events decided on a loaded aggregate, expecting the stream still at its version.
   *
   * @param aggregate the aggregate as loaded
   * @param events payloads or {@link Event}s; none appends nothing
   * @return the aggregate with the events applied
   * @throws ConcurrencyException if the stream moved since it was loaded
   */
  public Aggregate<S> append(Aggregate<S> aggregate, List<?> events) {
    if (events.isEmpty()) {
      return aggregate;
    }
    List<RecordedEvent> recorded = store.append(aggregate.streamId(), aggregate.version(), events);
    Aggregate<S> next = fold(aggregate, recorded);
    if (snapshots != null && next.version() / snapshotEvery > aggregate.version() / snapshotEvery) {
      saveSnapshot(next);
    }
    return next;
  }

  /**
   * Loads an aggregate, runs a command on its state and appends the events it returns. On a
   * conflict the whole is repeated, up to the configured number of retries, so the command must
   * have no side effects besides the events it returns.
   *
   * @param streamId the aggregate's stream
   * @param command decides the events from the current state; throws to reject the command
   * @return the aggregate with the new events applied
   * @throws ConcurrencyException if the stream kept moving after every retry
   */
  public Aggregate<S> execute(String streamId, Function<? super S, ? extends List<?>> command) {
    for (int attempt = 0; ; attempt++) {
      Aggregate<S> aggregate = load(streamId);
      List<?> events = Objects.requireNonNull(command.apply(aggregate.state()), "command result");
      try {
        return append(aggregate, events);
      } catch (ConcurrencyException e) {
        if (attempt >= conflictRetries) {
          throw e;
        }
        log.debug("Retrying a command on '{}' after a conflict: {}", streamId, e.getMessage());
      }
    }
  }

  private Aggregate<S> fold(Aggregate<S> start, List<RecordedEvent> events) {
    S state = start.state();
    long version = start.version();
    for (RecordedEvent e : events) {
      state = evolve.apply(state, e.payload());
      version = e.version();
    }
    return new Aggregate<>(start.streamId(), state, version);
  }

  private Optional<Aggregate<S>> fromSnapshot(String streamId) {
    if (snapshots == null) {
      return Optional.empty();
    }
    Optional<Snapshot> snapshot = snapshots.load(streamId);
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    try {
      @SuppressWarnings("unchecked")
      S state = (S) store.serializer().decode(snapshot.get().state()).payload();
      return Optional.of(new Aggregate<>(streamId, state, snapshot.get().version()));
    } catch (RuntimeException e) {
      log.warn(
          "Ignoring the snapshot of '{}' at version {}, replaying the stream instead: {}",
          streamId,
          snapshot.get().version(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private void saveSnapshot(Aggregate<S> aggregate) {
    try {
      EventSerializer serializer = store.serializer();
      Event<?> event =
          serializer.complete(
              Event.builder(aggregate.state()).subject(aggregate.streamId()).build());
      snapshots.save(
          new Snapshot(aggregate.streamId(), aggregate.version(), serializer.encode(event)));
    } catch (RuntimeException e) {
      log.warn(
          "Could not save the snapshot of '{}' at version {}: {}",
          aggregate.streamId(),
          aggregate.version(),
          e.getMessage(),
          e);
    }
  }

  /**
   * Configures an {@link AggregateRepository}. Not thread-safe.
   *
   * @param <S> the state type
   */
  public static final class Builder<S> {
    private final EventStore store;
    private final S initialState;
    private final BiFunction<S, Object, S> evolve;
    private SnapshotStore snapshots;
    private int snapshotEvery;
    private int conflictRetries;

    private Builder(EventStore store, S initialState, BiFunction<S, Object, S> evolve) {
      this.store = Objects.requireNonNull(store, "store");
      this.initialState = Objects.requireNonNull(initialState, "initialState");
      this.evolve = Objects.requireNonNull(evolve, "evolve");
    }

    /**
     * Saves a snapshot whenever an append crosses a multiple of {@code everyEvents} (stream
     * versions 100, 200, ... for 100). Off by default.
     *
     * @param store where snapshots go
     * @param everyEvents from 1 to 1,000,000
     * @return this builder
     */
    public Builder<S> snapshots(SnapshotStore store, int everyEvents) {
      this.snapshots = Objects.requireNonNull(store, "store");
      this.snapshotEvery = everyEvents;
      return this;
    }

    /**
     * How many times {@link #execute} reloads and re-runs a command after a {@link
     * ConcurrencyException}. Default 0: the conflict is thrown at once.
     *
     * @param retries from 0 to 100
     * @return this builder
     */
    public Builder<S> retryOnConflict(int retries) {
      this.conflictRetries = retries;
      return this;
    }

    /**
     * Validates and builds the repository.
     *
     * @return the repository
     * @throws ConfigurationException naming the invalid setting
     */
    public AggregateRepository<S> build() {
      if (snapshots != null && (snapshotEvery < 1 || snapshotEvery > 1_000_000)) {
        throw new ConfigurationException("snapshots.everyEvents", snapshotEvery, "1 to 1000000");
      }
      if (conflictRetries < 0 || conflictRetries > 100) {
        throw new ConfigurationException("retryOnConflict", conflictRetries, "0 to 100");
      }
      return new AggregateRepository<>(this);
    }
  }
}
