package dev.eventbus.memory;

import dev.eventbus.spi.BrokerMessage;

/** A message in a group's partition, with its publish sequence number. */
record Entry(long seq, int partition, BrokerMessage message) {}
