package dev.eventbus.examples.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Runs the example on the local PostgreSQL, in a schema of its own. */
class OutboxOrdersAppTest {
  @Test
  void shippingReceivesTheStoredOrdersAndNeverTheRejectedOne() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(
        System.getenv()
            .getOrDefault(
                "EVENTBUS_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    String schema =
        "outbox_orders_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      try {
        List<String> shipped = OutboxOrdersApp.run(dataSource, schema);
        assertThat(shipped).hasSize(3).allMatch(id -> !id.endsWith("-free"));
        try (Connection c = dataSource.getConnection();
            ResultSet rs =
                c.createStatement()
                    .executeQuery("SELECT id FROM " + schema + ".orders ORDER BY id")) {
          int stored = 0;
          while (rs.next()) {
            assertThat(shipped).contains(rs.getString(1));
            stored++;
          }
          assertThat(stored).isEqualTo(3);
        }
      } finally {
        try (Connection c = dataSource.getConnection()) {
          c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    }
  }
}
