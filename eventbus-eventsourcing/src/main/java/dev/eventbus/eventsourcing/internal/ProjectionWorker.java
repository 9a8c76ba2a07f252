package dev.eventbus.eventsourcing.internal;

import dev.eventbus.eventsourcing.BadEventPolicy;
import dev.eventbus.eventsourcing.EventStore;
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

  @Override
  protected void process(List<RecordedEvent> page) throws Exception {
    target.applyPage(page, policy, this::advance);
  }
}
