package dev.eventbus.eventsourcing.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventsourcing.EventStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Table names of one schema, and the migration that creates them. */
public final class PostgresSchema {
  /** The migration script, with {@code ${schema}} placeholders. */
  public static final String RESOURCE = "/dev/eventbus/eventsourcing/postgres-schema.sql";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  // Any constant works; it only has to be the same for every process migrating this library.
  private static final long MIGRATION_LOCK = 0x6576656e74737263L;

  private final String schema;

  /**
   * Creates the names for a schema.
   *
   * @param schema a lowercase SQL identifier
   * @throws ConfigurationException if it is not one
   */
  public PostgresSchema(String schema) {
    if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
      throw new ConfigurationException(
          "schema",
          schema,
          "a lowercase SQL identifier: a letter or '_', then letters, digits or '_', at most 63");
    }
    this.schema = schema;
  }

  /**
   * The schema name.
   *
   * @return the name
   */
  public String name() {
    return schema;
  }

  /**
   * A table's qualified name.
   *
   * @param table the table, for example {@code es_events}
   * @return for example {@code eventbus.es_events}
   */
  public String table(String table) {
    return schema + "." + table;
  }

  /**
   * The migration script for this schema.
   *
   * @return the SQL text
   */
  public String script() {
    try (InputStream in = PostgresSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new EventStoreException("Migration resource " + RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${schema}", schema);
    } catch (IOException e) {
      throw new EventStoreException("Cannot read migration resource " + RESOURCE, e);
    }
  }

  /**
   * Applies the migration in one transaction under an advisory lock. Idempotent.
   *
   * @param dataSource the database
   */
  public void migrate(DataSource dataSource) {
    try {
      Sql.transaction(
          dataSource,
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
              return s.execute(script());
            }
          });
    } catch (SQLException e) {
      throw Sql.translate("Migrating schema " + schema, e);
    }
  }
}
