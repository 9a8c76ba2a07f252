package dev.eventbus.outbox.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import dev.eventbus.EventSerializer;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.outbox.OutboxDialect;
import dev.eventbus.spi.BrokerMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Writes events into the outbox table in the caller's transaction: encodes them with the bus's
 * serializer and checks them as a publish would, then locks their ordering units and inserts them.
 * Nothing is written unless every event passed the checks. Thread-safe (stateless per call).
 */
public final class OutboxWriter {
  private final OutboxSql sql;
  private final EventBus bus;
  private final int shards;
  private final int lockNamespace;

  /**
   * Creates the writer.
   *
   * @param sql the statements
   * @param bus the bus whose serializer, name rule and size limit apply
   * @param shards how many shards rows are spread over
   */
  public OutboxWriter(OutboxSql sql, EventBus bus, int shards) {
    this.sql = sql;
    this.bus = bus;
    this.shards = shards;
    this.lockNamespace = sql.table.hashCode();
  }

  /**
   * Encodes and inserts events, in order.
   *
   * @param c the caller's connection, in a transaction
   * @param topic the topic
   * @param items payloads or events
   * @return the events as they will be published (id, type, time filled in)
   */
  public List<Event<?>> write(Connection c, String topic, List<?> items) {
    Objects.requireNonNull(c, "connection");
    Objects.requireNonNull(items, "events");
    checkTopic(topic);
    List<Event<?>> events = new ArrayList<>(items.size());
    List<BrokerMessage> messages = new ArrayList<>(items.size());
    EventSerializer serializer = bus.serializer();
    for (Object item : items) {
      if (item == null) {
        throw new EventBusException("Cannot publish a null payload to topic '" + topic + "'");
      }
      Event<?> event = serializer.complete(item instanceof Event<?> e ? e : Event.of(item));
      messages.add(checkSize(event, serializer.encode(event)));
      events.add(event);
    }
    if (events.isEmpty()) {
      return events;
    }
    try {
      requireTransaction(c);
      lock(c, topic, messages);
      insert(c, topic, messages);
      notifyIfListening(c);
    } catch (SQLException e) {
      throw new EventBusException(
          "Writing to outbox table " + sql.table + " failed: " + e.getMessage(), e);
    }
    return events;
  }

  private void checkTopic(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new ConfigurationException("topic", topic, "a non-blank topic name");
    }
    bus.broker().validateNames(topic, null);
  }

  private BrokerMessage checkSize(Event<?> event, BrokerMessage message) {
    long limit = bus.capabilities().maxMessageBytes();
    if (!message.fitsWithin(limit)) {
      throw new EventTooLargeException(
          event.id(), message.approximateSize(), limit, bus.broker().messageSizeLimit());
    }
    return message;
  }

  private static void requireTransaction(Connection c) throws SQLException {
    if (c.getAutoCommit()) {
      throw new IllegalStateException(
          "The outbox writes in the caller's transaction, but this connection is in auto-commit"
              + " mode: call setAutoCommit(false) first and commit with the business data");
    }
  }

  /** Locks each unit once, in slot order, so that two writers of the same units cannot deadlock. */
  private void lock(Connection c, String topic, List<BrokerMessage> messages) throws SQLException {
    TreeSet<Integer> values = new TreeSet<>();
    for (BrokerMessage m : messages) {
      values.add(lockValue(OrderingUnits.hash(topic, m.key())));
    }
    lockValues(c, values);
  }

  /**
   * Locks one ordering unit until the transaction ends: a later writer of the unit waits, so ids
   * follow the commit order within the unit.
   *
   * @param c the connection, in a transaction
   * @param topic the topic
   * @param key the partition key, or null
   */
  void lock(Connection c, String topic, String key) throws SQLException {
    lockValues(c, java.util.Set.of(lockValue(OrderingUnits.hash(topic, key))));
  }

  private int lockValue(int hash) {
    return sql.dialect == OutboxDialect.POSTGRESQL ? hash : OrderingUnits.slot(hash);
  }

  private void lockValues(Connection c, java.util.Set<Integer> values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.lock)) {
      for (int value : values) {
        if (sql.dialect == OutboxDialect.POSTGRESQL) {
          ps.setInt(1, lockNamespace);
          ps.setInt(2, value);
          ps.executeQuery().close();
        } else {
          ps.setInt(1, value);
          ps.executeUpdate();
        }
      }
    }
  }

  private void insert(Connection c, String topic, List<BrokerMessage> messages)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
      for (BrokerMessage m : messages) {
        ps.setString(1, topic);
        ps.setInt(2, OrderingUnits.shard(topic, m.key(), shards));
        ps.setString(3, m.key());
        ps.setString(4, Json.write(m.attributes()));
        ps.setString(5, Json.write(m.headers()));
        ps.setBytes(6, m.body());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * On PostgreSQL, announces new rows to the relays when the transaction commits; elsewhere nothing
   * (relays poll).
   *
   * @param c the connection, in a transaction
   */
  void notifyIfListening(Connection c) throws SQLException {
    if (sql.dialect != OutboxDialect.POSTGRESQL) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
      ps.setString(1, sql.channel());
      ps.executeQuery().close();
    }
  }
}
