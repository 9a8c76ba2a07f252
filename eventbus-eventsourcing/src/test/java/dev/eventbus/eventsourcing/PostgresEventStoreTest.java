package dev.eventbus.eventsourcing;

import dev.eventbus.EventSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The contract suite on {@link PostgresEventStore}, each test in a schema of its own. */
class PostgresEventStoreTest extends EventStoreContract {
  private final List<String> schemas = new ArrayList<>();
  private PostgresEventStore first;

  @Override
  protected EventStore createStore(EventSerializer serializer) {
    String schema = PostgresFixture.newSchema();
    schemas.add(schema);
    PostgresEventStore created =
        PostgresEventStore.builder(PostgresFixture.dataSource(), serializer)
            .schema(schema)
            .pollInterval(Duration.ofMillis(20))
            .build()
            .migrate();
    if (first == null) {
      first = created;
    }
    return created;
  }

  @Override
  protected CheckpointStore checkpointStore() {
    return first.checkpointStore();
  }

  @Override
  protected SnapshotStore snapshotStore() {
    return first.snapshotStore();
  }

  @Override
  protected void dropStores() {
    schemas.forEach(PostgresFixture::dropSchema);
  }
}
