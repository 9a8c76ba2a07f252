package dev.eventbus.outbox;

import dev.eventbus.EventBus;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.testkit.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The outbox on the local PostgreSQL ({@code EVENTBUS_POSTGRES_URL}, default 127.0.0.1:5432/test).
 */
class PostgresOutboxTest extends OutboxRabbitMqCases {
  PostgresOutboxTest() {
    super(Databases.POSTGRES_URL, OutboxDialect.POSTGRESQL);
  }

  @Override
  String dropSchema(String schema) {
    return "DROP SCHEMA " + schema + " CASCADE";
  }

  @Test
  void aCommitWakesTheRelayAtOnceWithoutPolling() throws Exception {
    EventBus bus = memoryBus(InMemoryBroker.DEFAULT_MAX_MESSAGE_BYTES);
    Received received = subscribe(bus, "orders", "billing");
    // Leases renewed every 5 s and no polling: only the commit's NOTIFY can wake the relay sooner.
    Outbox outbox =
        started(
            outbox()
                .leaseDuration(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMinutes(10))
                .build(bus));
    Await.until("the relay holds its shards", WAIT, () -> outbox.relay().shards().size() == 16);
    for (int i = 1; i <= 5; i++) {
      int seq = i;
      commit(c -> outbox.publish(c, "orders", keyed("n", seq)));
      Await.until(
          "the event arrived within 2 s", Duration.ofSeconds(2), () -> received.count() == seq);
    }
  }
}
