/**
 * Event sourcing on eventbus: the event store SPI with in-memory and PostgreSQL stores, aggregates,
 * projections with checkpoints, replay, and the relay of stored events to the bus.
 *
 * <p>Exports {@code dev.eventbus.eventsourcing}; {@code dev.eventbus.eventsourcing.internal} is not
 * exported.
 */
module dev.eventbus.eventsourcing {
  requires transitive dev.eventbus;
  requires transitive java.sql;
  requires org.slf4j;

  exports dev.eventbus.eventsourcing;
}
