package dev.eventbus.outbox;

import dev.eventbus.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The databases an {@link Outbox} keeps its table in. */
public enum OutboxDialect {
  /**
   * PostgreSQL 12 or later: the relay wakes on {@code LISTEN/NOTIFY} as soon as a transaction that
   * wrote to the outbox commits, and polls only as a fallback.
   */
  POSTGRESQL("schema-postgresql.sql"),
  /** MariaDB 10.5 or later, and MySQL 8: the relay polls the table at the poll interval. */
  MARIADB("schema-mariadb.sql");

  private final String schemaResource;

  OutboxDialect(String schemaResource) {
    this.schemaResource = schemaResource;
  }

  /**
   * The name of the schema script shipped in this module, next to this class ({@code
   * dev/eventbus/outbox/schema-postgresql.sql} or {@code schema-mariadb.sql}).
   *
   * @return the resource name
   */
  public String schemaResource() {
    return schemaResource;
  }

  /**
   * The dialect of a database, from its JDBC metadata: PostgreSQL, or MariaDB or MySQL.
   *
   * @param dataSource the database; one connection is borrowed and returned
   * @return the dialect
   * @throws ConfigurationException if the database is none of these or cannot be reached
   */
  public static OutboxDialect detect(DataSource dataSource) {
    String product;
    try (Connection c = dataSource.getConnection()) {
      product = c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new ConfigurationException(
          "dialect",
          null,
          "a reachable database to detect the dialect of (" + e.getMessage() + ")");
    }
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MARIADB;
    }
    throw new ConfigurationException("dialect", product, "PostgreSQL, MariaDB or MySQL");
  }
}
