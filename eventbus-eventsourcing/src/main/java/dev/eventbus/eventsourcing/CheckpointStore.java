package dev.eventbus.eventsourcing;

import java.util.List;

/**
 * Where projections and relays keep their position in the global log (the last position fully
 * processed, 0 for none), and where projections record the events they skipped.
 *
 * <p>{@link InMemoryCheckpointStore} lives as long as the process (right for a read model in
 * memory: both start from zero together); {@link PostgresEventStore#checkpointStore()} keeps them
 * in the database, where a {@link JdbcProjection} stores its checkpoint in the same transaction as
 * its read model. Implementations are thread-safe.
 */
public interface CheckpointStore {
  /**
   * The stored position of a projection or relay.
   *
   * @param name the projection or relay name
   * @return the last position fully processed, 0 if none is stored
   */
  long load(String name);

  /**
   * Stores a position, replacing the previous one.
   *
   * @param name the projection or relay name
   * @param position the last position fully processed
   */
  void save(String name, long position);

  /**
   * Forgets a position and the dead letters of a name, for a rebuild from zero.
   *
   * @param name the projection or relay name
   */
  void reset(String name);

  /**
   * Records an event a projection skipped.
   *
   * @param deadLetter the record
   */
  void recordDeadLetter(ProjectionDeadLetter deadLetter);

  /**
   * The events a projection skipped, oldest position first.
   *
   * @param name the projection
   * @return the records, empty if none
   */
  List<ProjectionDeadLetter> deadLetters(String name);
}
