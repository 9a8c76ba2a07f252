package dev.eventbus.outbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;

/** The local databases the tests run on, and a schema of each test's own. */
final class Databases {
  static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault(
              "EVENTBUS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
  static final String MARIADB_URL =
      System.getenv()
          .getOrDefault("EVENTBUS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

  private Databases() {}

  /** A pool on a JDBC URL. */
  static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(12);
    config.setMinimumIdle(0);
    config.setPoolName("outbox-test-" + UUID.randomUUID().toString().substring(0, 6));
    return new HikariDataSource(config);
  }

  /** A schema name no other run uses. */
  static String uniqueSchema() {
    return "outbox_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
