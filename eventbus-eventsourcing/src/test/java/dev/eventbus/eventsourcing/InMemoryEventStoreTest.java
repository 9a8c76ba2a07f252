package dev.eventbus.eventsourcing;

import dev.eventbus.EventSerializer;

/** The contract suite on {@link InMemoryEventStore}. */
class InMemoryEventStoreTest extends EventStoreContract {
  private final CheckpointStore checkpoints = InMemoryCheckpointStore.create();
  private final SnapshotStore snapshots = InMemorySnapshotStore.create();

  @Override
  protected EventStore createStore(EventSerializer serializer) {
    return InMemoryEventStore.create(serializer);
  }

  @Override
  protected CheckpointStore checkpointStore() {
    return checkpoints;
  }

  @Override
  protected SnapshotStore snapshotStore() {
    return snapshots;
  }
}
