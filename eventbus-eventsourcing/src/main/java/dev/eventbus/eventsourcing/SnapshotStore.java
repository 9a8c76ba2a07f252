package dev.eventbus.eventsourcing;

import java.util.Optional;

/**
 * Keeps the latest {@link Snapshot} of each aggregate, so that loading it replays only the events
 * after the snapshot. Snapshots are a cache: losing them costs a longer replay, never data.
 * Implementations are thread-safe.
 *
 * @see AggregateRepository.Builder#snapshots(SnapshotStore, int)
 */
public interface SnapshotStore {
  /**
   * The latest snapshot of a stream.
   *
   * @param streamId the stream
   * @return the snapshot, empty if none was saved
   */
  Optional<Snapshot> load(String streamId);

  /**
   * Saves a snapshot, replacing an older one of the same stream; a snapshot older than the stored
   * one is ignored.
   *
   * @param snapshot the snapshot
   */
  void save(Snapshot snapshot);
}
