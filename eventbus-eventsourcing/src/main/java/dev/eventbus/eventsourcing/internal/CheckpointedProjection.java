package dev.eventbus.eventsourcing.internal;

import dev.eventbus.eventsourcing.BadEventPolicy;
import dev.eventbus.eventsourcing.CheckpointStore;
import dev.eventbus.eventsourcing.Projection;
import dev.eventbus.eventsourcing.ProjectionDeadLetter;
import dev.eventbus.eventsourcing.ProjectionException;
import dev.eventbus.eventsourcing.RecordedEvent;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Projection} whose checkpoint is saved to a {@link CheckpointStore} after each page. */
public final class CheckpointedProjection implements ProjectionTarget {
  private static final Logger log = LoggerFactory.getLogger(CheckpointedProjection.class);

  private final Projection projection;
  private final CheckpointStore checkpoints;

  /**
   * Creates the target.
   *
   * @param projection the projection
   * @param checkpoints where its checkpoint goes
   */
  public CheckpointedProjection(Projection projection, CheckpointStore checkpoints) {
    this.projection = projection;
    this.checkpoints = checkpoints;
  }

  @Override
  public String name() {
    return projection.name();
  }

  @Override
  public long checkpoint() {
    return checkpoints.load(name());
  }

  @Override
  public void applyPage(List<RecordedEvent> page, BadEventPolicy policy, LongConsumer stored) {
    long applied = -1;
    try {
      for (RecordedEvent event : page) {
        ProjectionDeadLetter deadLetter = ProjectionTarget.decode(name(), event, policy);
        if (deadLetter != null) {
          checkpoints.recordDeadLetter(deadLetter);
          log.warn("Projection '{}' skipped a bad event: {}", name(), deadLetter.error());
        } else {
          apply(event);
        }
        applied = event.position();
      }
    } catch (RuntimeException e) {
      // The events before the failing one are applied: store that, so they are not applied again.
      if (applied > 0) {
        checkpoints.save(name(), applied);
        stored.accept(applied);
      }
      throw e;
    }
    checkpoints.save(name(), applied);
    stored.accept(applied);
  }

  private void apply(RecordedEvent event) {
    try {
      projection.apply(event);
    } catch (ProjectionException e) {
      throw e;
    } catch (Exception e) {
      throw ProjectionTarget.failed(name(), event, e);
    }
  }

  @Override
  public void reset() throws Exception {
    projection.reset();
    checkpoints.reset(name());
  }

  @Override
  public List<ProjectionDeadLetter> deadLetters() {
    return checkpoints.deadLetters(name());
  }
}
