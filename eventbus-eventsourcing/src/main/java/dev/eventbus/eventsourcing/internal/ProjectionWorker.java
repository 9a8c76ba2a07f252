package dev.eventbus.eventsourcing.internal;

import dev.eventbus.eventsourcing.BadEventPolicy;
import dev.eventbus.eventsourcing.EventStore;
import dev.eventbus.eventsourcing.ProjectionException;
import dev.eventbus.eventsourcing.RecordedEvent;
import java.time.Duration;
import java.util.List;

/** Runs one projection: pages of the log into its target, from its checkpoint on. */
public final class ProjectionWorker extends LogWorker {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final ProjectionTarget target;
  private final BadEventPolicy policy;

  /**
   * Creates the worker.
   *
   * @param target the projection and its checkpoint
   * @param store the store
   * @param policy what to do with undecodable events
   * @param pageSize events per page (and per transaction)
   * @param initialBackoff first wait after a transient failure
   * @param maxBackoff longest wait after a transient failure
   */
  public ProjectionWorker(
      ProjectionTarget target,
      EventStore store,
      BadEventPolicy policy,
      int pageSize,
      Duration initialBackoff,
      Duration maxBackoff) {
    super("projection-" + target.name(), store, pageSize, POLL, initialBackoff, maxBackoff);
    this.target = target;
    this.policy = policy;
  }

  /**
   * The failure of a worker in the failed state, as the runner reports it.
   *
   * @return the projection's own exception, or one naming the event it stopped before
   */
  public ProjectionException failedWith() {
    Throwable failure = failure().orElseThrow();
    return failure instanceof ProjectionException p
        ? p
        : new ProjectionException(target.name(), position() + 1, failure.toString(), failure);
  }

  @Override
  protected void process(List<RecordedEvent> page) throws Exception {
    target.applyPage(page, policy, this::advance);
  }
}
