package dev.eventbus.spring.boot;

import dev.eventbus.DeliveryContext;
import dev.eventbus.EventBus;
import dev.eventbus.EventHandler;
import dev.eventbus.NonRetryableException;
import dev.eventbus.Subscribe;
import dev.eventbus.testkit.Await;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application the starter's tests run: {@code POST /orders} publishes {@link OrderPlaced} to
 * {@code ${orders.topic}}; a transactional billing handler writes it to PostgreSQL, a shipping
 * handler and an {@code EventHandler} bean (audit) record it. Each test context gets its own topic
 * and table.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableTransactionManagement(proxyTargetClass = true)
public class OrdersApp {
  /** An order; amount {@value #POISON} is refused by billing, {@value #FLAKY} fails once. */
  public record OrderPlaced(String orderId, long amountCents) {}

  static final long POISON = -1;
  static final long FLAKY = 13;
  static final long SLOW = 7;

  /** What each group handled: group → order id → calls that returned normally. */
  @Component
  public static class Received {
    final Map<String, Map<String, AtomicInteger>> handled = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();

    void record(String group, String orderId) {
      handled
          .computeIfAbsent(group, g -> new ConcurrentHashMap<>())
          .computeIfAbsent(orderId, id -> new AtomicInteger())
          .incrementAndGet();
      Await.signal();
    }

    int count(String group, String orderId) {
      AtomicInteger n = handled.getOrDefault(group, Map.of()).get(orderId);
      return n == null ? 0 : n.get();
    }

    Map<String, AtomicInteger> of(String group) {
      return handled.getOrDefault(group, Map.of());
    }
  }

  @RestController
  static class Orders {
    private final EventBus bus;
    private final String topic;

    Orders(EventBus bus, @Value("${orders.topic}") String topic) {
      this.bus = bus;
      this.topic = topic;
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> place(@RequestBody OrderPlaced order) {
      String id = bus.publish(topic, order).join().id();
      return Map.of("eventId", id);
    }
  }

  /** Bills in a transaction: a failed attempt's insert is rolled back before the retry. */
  @Component
  public static class Billing {
    private final JdbcTemplate jdbc;
    private final Received received;
    private final String table;
    private final Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();

    Billing(JdbcTemplate jdbc, Received received, @Value("${orders.table}") String table) {
      this.jdbc = jdbc;
      this.received = received;
      this.table = table;
      jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (order_id VARCHAR(64), cents BIGINT)");
    }

    @Subscribe(topic = "${orders.topic}", group = "billing")
    @Transactional
    public void on(OrderPlaced order, DeliveryContext context) {
      if (order.amountCents() == POISON) {
        throw new NonRetryableException("cannot bill a negative amount: " + order.orderId());
      }
      jdbc.update("INSERT INTO " + table + " VALUES (?, ?)", order.orderId(), order.amountCents());
      if (order.amountCents() == FLAKY && failedOnce.putIfAbsent(order.orderId(), true) == null) {
        throw new IllegalStateException("payment provider timed out for " + order.orderId());
      }
      // Recorded once committed: the handler runs in the transaction its proxy began.
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              received.record("billing", order.orderId());
            }
          });
    }

    int rows(String orderId) {
      Integer n =
          jdbc.queryForObject(
              "SELECT COUNT(*) FROM " + table + " WHERE order_id = ?", Integer.class, orderId);
      return n == null ? 0 : n;
    }
  }

  @Component
  public static class Shipping {
    private final Received received;

    Shipping(Received received) {
      this.received = received;
    }

    @Subscribe(topic = "${orders.topic}", group = "shipping")
    public void on(OrderPlaced order) {
      if (order.amountCents() == SLOW) {
        // A handler with work to do, for the shutdown tests: the work, not a wait for a condition.
        received.running.incrementAndGet();
        LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
        received.running.decrementAndGet();
      }
      received.record("shipping", order.orderId());
    }
  }

  /** The observations the application's registry saw: the bus must use that registry. */
  @Component
  public static class SeenObservations implements ObservationHandler<Observation.Context> {
    final Set<String> names = ConcurrentHashMap.newKeySet();

    @Override
    public void onStart(Observation.Context context) {
      names.add(context.getName());
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  @Bean
  @Subscribe(topic = "${orders.topic}", group = "audit")
  EventHandler<OrderPlaced> audit(Received received) {
    return (order, context) -> received.record("audit", order.orderId());
  }
}
