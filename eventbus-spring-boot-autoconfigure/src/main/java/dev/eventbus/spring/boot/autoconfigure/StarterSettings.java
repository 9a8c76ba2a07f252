package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.util.List;
import java.util.Set;

/**
 * The starter's own keys under {@code eventbus.}: what Spring supplies to the bus (the JDBC
 * idempotency store on the application's {@code DataSource}), which the bus's map form does not
 * take. The same typed rows as the bus's keys: parsed and checked at startup, in the generated
 * configuration metadata, shown in {@code docs/spring-boot.md}.
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

  /** The starter's keys, in documentation order. */
  static final SettingTable TABLE =
      new SettingTable(
          "eventbus.", List.of(IDEMPOTENCY_STORE, IDEMPOTENCY_TABLE, IDEMPOTENCY_CREATE_TABLE));

  private StarterSettings() {}
}
