package dev.eventbus.eventsourcing.internal;

import dev.eventbus.eventsourcing.BadEventPolicy;
import dev.eventbus.eventsourcing.JdbcCheckpointStore;
import dev.eventbus.eventsourcing.JdbcProjection;
import dev.eventbus.eventsourcing.ProjectionDeadLetter;
import dev.eventbus.eventsourcing.ProjectionException;
import dev.eventbus.eventsourcing.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link JdbcProjection}: each page and its checkpoint commit in one transaction. */
public final class TransactionalProjection implements ProjectionTarget {
  private static final Logger log = LoggerFactory.getLogger(TransactionalProjection.class);

  private final JdbcProjection projection;
  private final JdbcCheckpointStore checkpoints;

  /**
   * Creates the target.
   *
   * @param projection the projection
   * @param checkpoints the checkpoint tables, in the read model's database
   */
  public TransactionalProjection(JdbcProjection projection, JdbcCheckpointStore checkpoints) {
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
  public void applyPage(List<RecordedEvent> page, BadEventPolicy policy, LongConsumer stored)
      throws SQLException {
    try {
      stored.accept(commit(page, policy));
    } catch (ProjectionException e) {
      int failedAt = indexOf(page, e.position());
      if (failedAt > 0 && !Failures.isTransient(e)) {
        // Rolled back: commit the events before the failing one, so the checkpoint names it.
        try {
          stored.accept(commit(page.subList(0, failedAt), policy));
        } catch (SQLException | RuntimeException again) {
          e.addSuppressed(again);
        }
      }
      throw e;
    }
  }

  private long commit(List<RecordedEvent> events, BadEventPolicy policy) throws SQLException {
    return Sql.transaction(
        checkpoints.dataSource(),
        c -> {
          for (RecordedEvent event : events) {
            applyOne(c, event, policy);
          }
          long last = events.get(events.size() - 1).position();
          checkpoints.save(c, name(), last);
          return last;
        });
  }

  private void applyOne(Connection c, RecordedEvent event, BadEventPolicy policy) {
    ProjectionDeadLetter deadLetter = ProjectionTarget.decode(name(), event, policy);
    try {
      if (deadLetter == null) {
        projection.apply(c, event);
      } else {
        checkpoints.recordDeadLetter(c, deadLetter);
        log.warn("Projection '{}' skipped a bad event: {}", name(), deadLetter.error());
      }
    } catch (SQLException | RuntimeException e) {
      throw ProjectionTarget.failed(name(), event, e);
    }
  }

  private static int indexOf(List<RecordedEvent> page, long position) {
    return (int) (position - page.get(0).position());
  }

  @Override
  public void reset() throws SQLException {
    Sql.transaction(
        checkpoints.dataSource(),
        c -> {
          projection.reset(c);
          checkpoints.reset(c, name());
          return null;
        });
  }

  @Override
  public List<ProjectionDeadLetter> deadLetters() {
    return checkpoints.deadLetters(name());
  }
}
