package dev.eventbus.eventsourcing;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL of the tests: {@code EVENTBUS_POSTGRES_URL}, or the local server at 127.0.0.1:5432
 * database {@code test} as user {@code postgres} or {@code root}. Each test gets a schema of its
 * own, unique to this run, dropped afterwards. Connections come from a pool, as in a service. An
 * unreachable server fails the tests when {@code CI=true}, and aborts them (reported as skipped,
 * with the reason) otherwise.
 */
public final class PostgresFixture {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static DataSource dataSource;
  private static String unreachable;

  private PostgresFixture() {}

  /**
   * The data source, checked once per JVM.
   *
   * @return a data source that connects
   */
  static synchronized DataSource dataSource() {
    if (dataSource == null && unreachable == null) {
      connect();
    }
    if (dataSource == null) {
      String message =
          "PostgreSQL is not reachable ("
              + unreachable
              + "); start it or set EVENTBUS_POSTGRES_URL";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return dataSource;
  }

  private static void connect() {
    String url = System.getenv().getOrDefault("EVENTBUS_POSTGRES_URL", DEFAULT_URL);
    StringBuilder errors = new StringBuilder();
    for (String user :
        url.contains("user=") ? new String[] {null} : new String[] {"postgres", "root"}) {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(url);
      if (user != null) {
        ds.setUser(user);
      }
      ds.setConnectTimeout(5);
      try (Connection c = ds.getConnection()) {
        dataSource = pooled(ds);
        return;
      } catch (SQLException e) {
        errors.append(url).append(user == null ? "" : " as " + user).append(": ");
        errors.append(e.getMessage()).append("; ");
      }
    }
    unreachable = errors.toString();
  }

  /**
   * A small pool whose connections resolve unqualified names in a schema first.
   *
   * @param schema the schema
   * @return the pool; close it
   */
  public static HikariDataSource dataSourceIn(String schema) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource());
    config.setSchema(schema);
    config.setMaximumPoolSize(4);
    config.setPoolName("eventsourcing-tests-" + schema);
    return new HikariDataSource(config);
  }

  // The stores borrow a connection per operation, as from an application's pool; a physical
  // connection per operation would cost ~100 ms each on a loaded machine.
  private static DataSource pooled(PGSimpleDataSource ds) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(ds);
    config.setMaximumPoolSize(12);
    config.setPoolName("eventsourcing-tests");
    return new HikariDataSource(config);
  }

  /**
   * A new schema name, unique to this run; nothing is created yet.
   *
   * @return the name
   */
  public static String newSchema() {
    return "es_test_" + RUN + "_" + SCHEMAS.incrementAndGet();
  }

  /**
   * Drops a schema and everything in it.
   *
   * @param schema the schema
   */
  public static void dropSchema(String schema) {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop test schema " + schema, e);
    }
  }
}
