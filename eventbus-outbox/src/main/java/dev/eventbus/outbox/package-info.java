/**
 * The transactional outbox: {@link dev.eventbus.outbox.Outbox} writes events in the caller's
 * database transaction, {@link dev.eventbus.outbox.OutboxRelay} publishes them after the commit.
 */
package dev.eventbus.outbox;
