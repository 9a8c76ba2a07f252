package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The starter's own keys under {@code eventbus.}: what Spring supplies to the bus (the JDBC
 * idempotency store on the application's {@code DataSource}) and the transactional outbox on that
 * {@code DataSource} ({@code eventbus.outbox.*}, the names of {@code Outbox.Builder}), which the
 * bus's map form does not take. The same typed rows as the bus's keys: parsed and checked at
 * startup, in the generated configuration metadata, shown in {@code docs/spring-boot.md}.
 */
final class StarterSettings {
  static final String MEMORY = "memory";
  static final String JDBC = "jdbc";

  static final Setting<String> IDEMPOTENCY_STORE =
      Setting.of("idempotency.store", Setting.STRING)
          .defaultValue(MEMORY)
          .check(Set.of(MEMORY, JDBC)::contains, "memory or jdbc")
          .doc(
              "Where idempotent groups remember the event ids they handled: `memory` (this"
                  + " process only) or `jdbc` (`JdbcIdempotencyStore` on the application's"
                  + " `DataSource`, shared by every instance and kept across restarts).")
          .build();

  static final Setting<String> IDEMPOTENCY_TABLE =
      Setting.of("idempotency.jdbc.table", Setting.STRING)
          .defaultValue("eventbus_processed_events")
          .check(Setting.Check.nonBlank("a SQL identifier, optionally schema.table"))
          .doc("The JDBC store's table.")
          .build();

  static final Setting<Boolean> IDEMPOTENCY_CREATE_TABLE =
      Setting.of("idempotency.jdbc.create-table", Setting.BOOLEAN)
          .defaultValue(false)
          .doc(
              "Whether the JDBC store creates its table at startup when it is missing; otherwise"
                  + " the application's migrations create it.")
          .build();

  static final Setting<Boolean> OUTBOX_ENABLED =
      Setting.of("outbox.enabled", Setting.BOOLEAN)
          .defaultValue(true)
          .doc(
              "Whether the starter wires the transactional outbox (an `Outbox` and a"
                  + " `SpringOutbox` on the application's `DataSource`) when `eventbus-outbox` is on"
                  + " the class path.")
          .build();

  static final Setting<String> OUTBOX_TABLE =
      Setting.of("outbox.table", Setting.STRING)
          .defaultValue("eventbus_outbox")
          .check(Setting.Check.nonBlank("a SQL identifier, optionally schema.table"))
          .doc(
              "The outbox table; its companions are named after it (`_dead`, `_lease`, `_relay`,"
                  + " `_lock`).")
          .build();

  static final Setting<Integer> OUTBOX_SHARDS =
      Setting.of("outbox.shards", Setting.INT)
          .defaultValue(16)
          .check(Setting.Check.range(1, 1024))
          .doc(
              "How many shards the rows are spread over: the most relays that share the work."
                  + " Every process on one table must use the same number.")
          .build();

  static final Setting<Integer> OUTBOX_BATCH_SIZE =
      Setting.of("outbox.batch-size", Setting.INT)
          .defaultValue(256)
          .check(Setting.Check.range(1, 10_000))
          .doc("The most rows a relay reads, sends and has in flight at once.")
          .build();

  static final Setting<Duration> OUTBOX_POLL_INTERVAL =
      Setting.duration(
              "outbox.poll-interval",
              Duration.ofMillis(500),
              Duration.ofMillis(10),
              Duration.ofMinutes(10))
          .doc(
              "The longest an idle relay waits before looking at the table again (on PostgreSQL"
                  + " a commit's notification wakes it sooner).")
          .build();

  static final Setting<Duration> OUTBOX_LEASE_DURATION =
      Setting.duration(
              "outbox.lease-duration",
              Duration.ofSeconds(30),
              Duration.ofMillis(500),
              Duration.ofMinutes(10))
          .doc(
              "How long a relay's hold on a shard lasts without renewal: after a crash, its shards"
                  + " wait this long for another relay. At least twice the publish timeout.")
          .build();

  static final Setting<Duration> OUTBOX_PUBLISH_TIMEOUT =
      Setting.duration(
              "outbox.publish-timeout",
              Duration.ofSeconds(10),
              Duration.ofMillis(1),
              Duration.ofMinutes(5))
          .doc(
              "How long the relay waits for the broker to acknowledge a batch; at most half the"
                  + " lease duration.")
          .build();

  static final Setting<Boolean> OUTBOX_CREATE_SCHEMA =
      Setting.of("outbox.create-schema", Setting.BOOLEAN)
          .defaultValue(false)
          .doc(
              "Whether the outbox creates its missing tables at startup; otherwise the"
                  + " application's migrations run the outbox's schema script.")
          .build();

  static final Setting<Boolean> OUTBOX_RELAY_ENABLED =
      Setting.of("outbox.relay.enabled", Setting.BOOLEAN)
          .defaultValue(true)
          .doc(
              "Whether this process runs a relay, started after the bus and stopped before it;"
                  + " `false` for a process that only writes rows and leaves the publishing to"
                  + " relays elsewhere.")
          .build();

  /** The starter's keys, in documentation order. */
  static final SettingTable TABLE =
      new SettingTable(
          "eventbus.",
          List.of(
              IDEMPOTENCY_STORE,
              IDEMPOTENCY_TABLE,
              IDEMPOTENCY_CREATE_TABLE,
              OUTBOX_ENABLED,
              OUTBOX_TABLE,
              OUTBOX_SHARDS,
              OUTBOX_BATCH_SIZE,
              OUTBOX_POLL_INTERVAL,
              OUTBOX_LEASE_DURATION,
              OUTBOX_PUBLISH_TIMEOUT,
              OUTBOX_CREATE_SCHEMA,
              OUTBOX_RELAY_ENABLED));

  private StarterSettings() {}
}
