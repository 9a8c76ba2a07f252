package dev.eventbus.eventsourcing;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBusException;
import dev.eventbus.eventsourcing.internal.CheckpointedProjection;
import dev.eventbus.eventsourcing.internal.ProjectionTarget;
import dev.eventbus.eventsourcing.internal.ProjectionWorker;
import dev.eventbus.eventsourcing.internal.TransactionalProjection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs projections over the global log of an {@link EventStore}, each on a thread of its own and
 * independently of the others: one that fails or lags does not hold back the rest.
 *
 * <pre>{@code
 * try (ProjectionRunner runner = ProjectionRunner.builder(store)
 *         .add(balances)                                  // read model and checkpoint in memory
 *         .add(history, postgresStore.checkpointStore())  // a JdbcProjection: one transaction
 *         .meterRegistry(registry)                        // gauge eventbus.projection.lag
 *         .build()) {
 *   runner.start();
 *   runner.awaitCaughtUp(Duration.ofSeconds(5));
 *   runner.rebuild("balances");                           // clear, reset, replay from 0
 * }
 * }</pre>
 *
 * <p><b>Delivery.</b> Each projection receives every event once, in position order, from its
 * checkpoint on. A {@link JdbcProjection} commits each page with its checkpoint, so it applies each
 * event exactly once; a {@link Projection} with a durable {@link CheckpointStore} may see the
 * events of one page again after a crash. An event that does not decode is handled by the {@link
 * BadEventPolicy}, never skipped silently. A failing projection stops in {@link
 * ProcessingState#FAILED} with a {@link ProjectionException}; transient failures are retried with
 * exponential backoff.
 *
 * <p><b>Metrics.</b> With a registry, a gauge {@code eventbus.projection.lag} tagged {@code
 * projection} reports the head position minus the checkpoint.
 *
 * <p>Thread-safe. {@link #close()} stops every projection after its current page; it is idempotent.
 */
public final class ProjectionRunner implements AutoCloseable {
  /** Events applied per page (and per transaction of a {@link JdbcProjection}) by default. */
  public static final int DEFAULT_PAGE_SIZE = 256;

  /** First wait after a transient failure by default; it doubles up to the maximum. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

  /** Longest wait after a transient failure by default. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  private final EventStore store;
  private final Map<String, ProjectionTarget> targets;
  private final Map<String, ProjectionWorker> workers = new LinkedHashMap<>();
  private final BadEventPolicy policy;
  private final int pageSize;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final MeterRegistry registry;
  private final List<Gauge> gauges = new ArrayList<>();
  private boolean started;
  private boolean closed;

  private ProjectionRunner(Builder b) {
    this.store = b.store;
    this.targets = new LinkedHashMap<>(b.targets);
    this.policy = b.policy;
    this.pageSize = b.pageSize;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.registry = b.registry;
  }

  /**
   * A builder.
   *
   * @param store the store whose log the projections read
   * @return a new builder
   */
  public static Builder builder(EventStore store) {
    return new Builder(store);
  }

  /**
   * Starts every projection from its checkpoint. Idempotent.
   *
   * @return this runner
   */
  public synchronized ProjectionRunner start() {
    checkOpen();
    if (!started) {
      started = true;
      for (ProjectionTarget target : targets.values()) {
        launch(target, target.checkpoint() + 1);
        if (registry != null) {
          String name = target.name();
          gauges.add(
              Gauge.builder(dev.eventbus.MeterNames.PROJECTION_LAG, () -> lag(name))
                  .tag("projection", name)
                  .description("Events in the log that the projection has not applied yet")
                  .register(registry));
        }
      }
    }
    return this;
  }

  /**
   * Rebuilds a projection: stops it, clears its read model, its checkpoint and its dead letters,
   * and replays the log from position 1. Returns once the replay has started; see {@link
   * #awaitCaughtUp(Duration)}. While it replays, its read model is incomplete.
   *
   * @param name the projection
   * @throws IllegalArgumentException if no projection has that name
   * @throws EventBusException if the read model cannot be cleared (it is then left stopped)
   */
  public synchronized void rebuild(String name) {
    ProjectionTarget target = target(name);
    Optional.ofNullable(workers.get(name)).ifPresent(ProjectionWorker::stop);
    try {
      target.reset();
    } catch (Exception e) {
      throw new EventBusException("Rebuild of projection '" + name + "' failed to reset it", e);
    }
    if (started && !closed) {
      launch(target, 1);
    }
  }

  /**
   * Restarts a projection from its stored checkpoint, for example after fixing what made it fail.
   *
   * @param name the projection
   * @throws IllegalArgumentException if no projection has that name
   */
  public synchronized void restart(String name) {
    checkOpen();
    ProjectionTarget target = target(name);
    Optional.ofNullable(workers.get(name)).ifPresent(ProjectionWorker::stop);
    if (started) {
      launch(target, target.checkpoint() + 1);
    }
  }

  /**
   * Waits until every projection has applied the log up to the head position at the time of the
   * call.
   *
   * @param timeout how long to wait at most
   * @return true if all caught up; false on timeout
   * @throws ProjectionException if a projection failed (the first one found)
   * @throws InterruptedException if interrupted
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long head = store.headPosition();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String name : targets.keySet()) {
      ProjectionWorker worker = worker(name);
      if (worker == null) {
        throw new EventBusException("ProjectionRunner is not started: call start() first");
      }
      long remaining = Math.max(0, deadline - System.nanoTime());
      if (!worker.awaitPosition(head, Duration.ofNanos(remaining))) {
        if (worker.state() == ProcessingState.FAILED) {
          throw worker.failedWith();
        }
        return false;
      }
    }
    return true;
  }

  /**
   * The progress of one projection.
   *
   * @param name the projection
   * @return its status
   * @throws IllegalArgumentException if no projection has that name
   */
  public synchronized ProjectionStatus status(String name) {
    ProjectionTarget target = target(name);
    ProjectionWorker worker = workers.get(name);
    long checkpoint = worker == null ? target.checkpoint() : worker.position();
    long lag = Math.max(0, store.headPosition() - checkpoint);
    if (worker == null) {
      ProcessingState state = closed ? ProcessingState.STOPPED : ProcessingState.NEW;
      return new ProjectionStatus(name, state, checkpoint, lag, Optional.empty());
    }
    return new ProjectionStatus(name, worker.state(), checkpoint, lag, worker.failure());
  }

  /**
   * The progress of every projection, in the order they were added.
   *
   * @return the statuses
   */
  public List<ProjectionStatus> statuses() {
    return targets.keySet().stream().map(this::status).toList();
  }

  /**
   * The events a projection skipped under {@link BadEventPolicy#DEAD_LETTER}.
   *
   * @param name the projection
   * @return the dead letters, oldest first
   */
  public List<ProjectionDeadLetter> deadLetters(String name) {
    return target(name).deadLetters();
  }

  /** Stops every projection after its current page. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.values().forEach(ProjectionWorker::stop);
    if (registry != null) {
      gauges.forEach(registry::remove);
    }
  }

  private double lag(String name) {
    try {
      ProjectionWorker worker = worker(name);
      return worker == null ? Double.NaN : Math.max(0, store.headPosition() - worker.position());
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private void launch(ProjectionTarget target, long from) {
    ProjectionWorker worker =
        new ProjectionWorker(target, store, policy, pageSize, initialBackoff, maxBackoff);
    workers.put(target.name(), worker);
    worker.start(from);
  }

  private synchronized ProjectionWorker worker(String name) {
    return workers.get(name);
  }

  private ProjectionTarget target(String name) {
    ProjectionTarget target = targets.get(name);
    if (target == null) {
      throw new IllegalArgumentException(
          "No projection named '" + name + "'; known: " + targets.keySet());
    }
    return target;
  }

  private void checkOpen() {
    if (closed) {
      throw new EventBusException("ProjectionRunner is closed");
    }
  }

  /** Configures a {@link ProjectionRunner}. Not thread-safe. */
  public static final class Builder {
    private final EventStore store;
    private final Map<String, ProjectionTarget> targets = new LinkedHashMap<>();
    private BadEventPolicy policy = BadEventPolicy.STOP;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
    private MeterRegistry registry;

    private Builder(EventStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Adds a projection whose checkpoint is kept in memory: it replays the log from position 1 at
     * every start, which suits a read model in memory.
     *
     * @param projection the projection
     * @return this builder
     */
    public Builder add(Projection projection) {
      return add(projection, InMemoryCheckpointStore.create());
    }

    /**
     * Adds a projection whose checkpoint is kept in a checkpoint store.
     *
     * @param projection the projection
     * @param checkpoints where its checkpoint and dead letters go
     * @return this builder
     */
    public Builder add(Projection projection, CheckpointStore checkpoints) {
      return add(new CheckpointedProjection(projection, Objects.requireNonNull(checkpoints)));
    }

    /**
     * Adds a projection whose read model is in the checkpoint store's database; each page and its
     * checkpoint commit in one transaction.
     *
     * @param projection the projection
     * @param checkpoints the checkpoint tables, in the same database as the read model
     * @return this builder
     */
    public Builder add(JdbcProjection projection, JdbcCheckpointStore checkpoints) {
      return add(new TransactionalProjection(projection, Objects.requireNonNull(checkpoints)));
    }

    private Builder add(ProjectionTarget target) {
      String name = target.name();
      if (name == null || name.isBlank() || name.length() > 200) {
        throw new ConfigurationException(
            "projection.name", name, "a non-blank name of at most 200 characters");
      }
      if (targets.putIfAbsent(name, target) != null) {
        throw new ConfigurationException("projection.name", name, "a name unique in the runner");
      }
      return this;
    }

    /**
     * What every projection does with an event that does not decode. Default {@link
     * BadEventPolicy#STOP}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder badEventPolicy(BadEventPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Events read and applied at once. Default {@value #DEFAULT_PAGE_SIZE}.
     *
     * @param pageSize from 1 to 10,000
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * The waits after transient failures: {@code initial}, doubled up to {@code max}.
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
     * Registers the gauge {@code eventbus.projection.lag} (tag {@code projection}) in a registry.
     * Default: no metrics.
     *
     * @param registry the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Validates and builds the runner. Nothing runs before {@link ProjectionRunner#start()}.
     *
     * @return the runner
     * @throws ConfigurationException naming the invalid setting
     */
    public ProjectionRunner build() {
      if (targets.isEmpty()) {
        throw new ConfigurationException("projections", "none", "at least one projection");
      }
      if (pageSize < 1 || pageSize > 10_000) {
        throw new ConfigurationException("pageSize", pageSize, "1 to 10000");
      }
      if (maxBackoff == null || maxBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new ConfigurationException("retryBackoff.max", maxBackoff, "at most 10 minutes");
      }
      if (initialBackoff == null
          || initialBackoff.compareTo(Duration.ofMillis(1)) < 0
          || initialBackoff.compareTo(maxBackoff) > 0) {
        throw new ConfigurationException(
            "retryBackoff.initial", initialBackoff, "from 1 ms to the maximum backoff");
      }
      return new ProjectionRunner(this);
    }
  }
}
