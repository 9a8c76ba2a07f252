package dev.eventbus.outbox.internal;

import dev.eventbus.spi.BrokerMessage;

/**
 * One row of the outbox table as the relay reads it.
 *
 * @param id the row's id: its place in commit order
 * @param topic the topic
 * @param message the encoded event, as written
 */
record OutboxRow(long id, String topic, BrokerMessage message) {
  /** {@return the ordering unit: the topic and the partition key} */
  String unit() {
    return message.key() == null ? topic : topic + '\u0000' + message.key();
  }
}
