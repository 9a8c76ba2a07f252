/**
 * The transactional outbox: events written to a table in the caller's database transaction, and a
 * relay that publishes them to the bus after the commit, in commit order per key.
 *
 * <p>Exports {@code dev.eventbus.outbox} and {@code dev.eventbus.outbox.spring} (usable only with
 * spring-jdbc present); {@code dev.eventbus.outbox.internal} is not exported.
 */
module dev.eventbus.outbox {
  requires transitive dev.eventbus;
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires static spring.jdbc;
  requires static spring.tx;

  exports dev.eventbus.outbox;
  exports dev.eventbus.outbox.spring;
}
