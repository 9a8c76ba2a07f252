package dev.eventbus.idempotency;

import java.sql.SQLException;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Against the real MariaDB ({@code EVENTBUS_MARIADB_URL}, default 127.0.0.1:3306/test as root),
 * where a schema is a database.
 */
class MariaDbIdempotencyStoreTest extends JdbcIdempotencyStoreContract {
  MariaDbIdempotencyStoreTest() throws SQLException {
    super(dataSource(), uniqueSchema());
  }

  private static MariaDbDataSource dataSource() throws SQLException {
    return new MariaDbDataSource(
        System.getenv()
            .getOrDefault("EVENTBUS_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root"));
  }

  @Override
  String dropSchema(String schema) {
    return "DROP DATABASE " + schema;
  }
}
