package com.example.store;

import dev.eventbus.EventSerializer;
import dev.eventbus.eventsourcing.CheckpointStore;
import dev.eventbus.eventsourcing.EventStore;
import dev.eventbus.eventsourcing.EventStoreContract;
import dev.eventbus.eventsourcing.InMemoryCheckpointStore;
import dev.eventbus.eventsourcing.InMemoryEventStore;
import dev.eventbus.eventsourcing.InMemorySnapshotStore;
import dev.eventbus.eventsourcing.SnapshotStore;

/**
 * The event-store contract run from outside this project's package, as the author of another store
 * would run it: a test that extends {@link EventStoreContract} and says how to make the store.
 */
class ForwardingStoreContractTest extends EventStoreContract {
  private final CheckpointStore checkpoints = InMemoryCheckpointStore.create();
  private final SnapshotStore snapshots = InMemorySnapshotStore.create();

  @Override
  protected EventStore createStore(EventSerializer serializer) {
    return InMemoryEventStore.create(serializer); // your store here: fresh and empty each test
  }

  @Override
  protected CheckpointStore checkpointStore() {
    return checkpoints; // or your store's durable checkpoints
  }

  @Override
  protected SnapshotStore snapshotStore() {
    return snapshots;
  }
}
