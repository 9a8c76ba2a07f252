package dev.eventbus.eventsourcing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SnapshotStore} in the heap. Thread-safe. */
public final class InMemorySnapshotStore implements SnapshotStore {
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  private InMemorySnapshotStore() {}

  /**
   * Creates an empty store.
   *
   * @return the store
   */
  public static InMemorySnapshotStore create() {
    return new InMemorySnapshotStore();
  }

  @Override
  public Optional<Snapshot> load(String streamId) {
    return Optional.ofNullable(snapshots.get(streamId));
  }

  @Override
  public void save(Snapshot snapshot) {
    snapshots.merge(
        snapshot.streamId(), snapshot, (old, now) -> now.version() >= old.version() ? now : old);
  }
}
