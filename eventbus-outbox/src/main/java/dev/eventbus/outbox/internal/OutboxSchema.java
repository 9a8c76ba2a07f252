package dev.eventbus.outbox.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.outbox.OutboxDialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Runs the shipped schema script of a dialect, for one table. */
public final class OutboxSchema {
  private OutboxSchema() {}

  /**
   * The script's statements, with the table's names filled in.
   *
   * @param dialect the dialect
   * @param table the table, optionally qualified
   * @return the statements, in order
   */
  public static List<String> statements(OutboxDialect dialect, String table) {
    String script;
    try (InputStream in = OutboxDialect.class.getResourceAsStream(dialect.schemaResource())) {
      if (in == null) {
        throw new EventBusException(
            "The outbox schema " + dialect.schemaResource() + " is missing");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EventBusException("Cannot read the outbox schema " + dialect.schemaResource(), e);
    }
    String name = table.substring(table.lastIndexOf('.') + 1);
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.startsWith("--") || line.isBlank()) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(
            sql.substring(0, sql.length() - 1).replace("${table}", table).replace("${name}", name));
        current.setLength(0);
      }
    }
    return statements;
  }

  /**
   * Creates the tables that do not exist yet. Idempotent.
   *
   * @param dataSource the database
   * @param dialect the dialect
   * @param table the table
   */
  public static void create(DataSource dataSource, OutboxDialect dialect, String table) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      for (String sql : statements(dialect, table)) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new EventBusException(
          "Cannot create the outbox tables " + table + "*: " + e.getMessage(), e);
    }
  }
}
