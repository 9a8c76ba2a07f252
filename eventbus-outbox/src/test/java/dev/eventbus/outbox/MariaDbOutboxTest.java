package dev.eventbus.outbox;

/**
 * The outbox on the local MariaDB ({@code EVENTBUS_MARIADB_URL}, default 127.0.0.1:3306/test as
 * root), where a schema is a database.
 */
class MariaDbOutboxTest extends OutboxRabbitMqCases {
  MariaDbOutboxTest() {
    super(Databases.MARIADB_URL, OutboxDialect.MARIADB);
  }

  @Override
  String dropSchema(String schema) {
    return "DROP DATABASE " + schema;
  }
}
