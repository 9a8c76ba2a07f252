package dev.eventbus.outbox.spring;

import dev.eventbus.Event;
import dev.eventbus.outbox.Outbox;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox inside Spring-managed transactions: {@link #publish(String, Object)} writes on the
 * connection of the current transaction ({@link DataSourceUtils#getConnection(DataSource)}, the one
 * {@code JdbcTemplate} and a {@code DataSourceTransactionManager} use), so that a
 * {@code @Transactional} method just calls it and the event commits or rolls back with the rest.
 *
 * <pre>{@code
 * @Transactional
 * public void place(Order order) {
 *   jdbc.update("INSERT INTO orders ...", ...);
 *   outbox.publish("orders", new OrderPlaced(order.id()));
 * }
 * }</pre>
 *
 * <p>Needs spring-jdbc (6.2 or later) on the class path; the outbox itself does not. The outbox's
 * data source must be the one the transaction manager manages (not a proxy of it, unless the
 * manager's is the same proxy). Thread-safe; the transaction is the calling thread's.
 */
public final class SpringOutbox {
  private final Outbox outbox;
  private final DataSource dataSource;

  /**
   * Wraps an outbox built over the transaction manager's data source.
   *
   * @param outbox the outbox
   */
  public SpringOutbox(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.dataSource = outbox.dataSource();
  }

  /**
   * Writes an event in the current Spring transaction, see {@link Outbox#publish}.
   *
   * @param topic the topic
   * @param payload the payload or an {@link Event}
   * @return the event as it will be published
   * @throws IllegalStateException if no Spring transaction is active on this thread
   */
  public Event<?> publish(String topic, Object payload) {
    return publishAll(topic, List.of(payload)).get(0);
  }

  /**
   * Writes several events in the current Spring transaction, see {@link Outbox#publishAll}.
   *
   * @param topic the topic
   * @param events payloads or {@link Event}s
   * @return the events as they will be published
   * @throws IllegalStateException if no Spring transaction is active on this thread
   */
  public List<Event<?>> publishAll(String topic, List<?> events) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(
          "SpringOutbox.publish needs an active transaction (@Transactional or a"
              + " TransactionTemplate): outside one the event would not wait for any commit");
    }
    Connection c = DataSourceUtils.getConnection(dataSource);
    try {
      return outbox.publishAll(c, topic, events);
    } finally {
      DataSourceUtils.releaseConnection(c, dataSource);
    }
  }

  /** {@return the outbox} */
  public Outbox outbox() {
    return outbox;
  }
}
