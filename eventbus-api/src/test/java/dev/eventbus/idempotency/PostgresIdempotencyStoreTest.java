package dev.eventbus.idempotency;

import org.postgresql.ds.PGSimpleDataSource;

/** Against the real PostgreSQL ({@code EVENTBUS_POSTGRES_URL}, default 127.0.0.1:5432/test). */
class PostgresIdempotencyStoreTest extends JdbcIdempotencyStoreContract {
  PostgresIdempotencyStoreTest() {
    super(dataSource(), uniqueSchema());
  }

  private static PGSimpleDataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(
        System.getenv()
            .getOrDefault(
                "EVENTBUS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    return dataSource;
  }

  @Override
  String dropSchema(String schema) {
    return "DROP SCHEMA " + schema + " CASCADE";
  }
}
