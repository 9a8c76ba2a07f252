package dev.eventbus.testkit;

import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import dev.eventbus.SubscriptionState;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.Capabilities;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.DeliveryListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One in-memory broker reached through several connections, as processes reach one real broker:
 * each bus of a contract test gets its own connection, and closing a connection (a process dying)
 * closes only that connection's consumers, whose unsettled events go back to their groups.
 *
 * <p>Connections start the shared broker (it counts its users) and close it once each, so the
 * broker closes with the last connection. Thread-safe.
 */
final class SharedInMemoryBroker {
  private final InMemoryBroker broker;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

  SharedInMemoryBroker(InMemoryBroker broker) {
    this.broker = broker;
  }

  /** A new connection, not started. */
  Broker connect() {
    Connection connection = new Connection();
    connections.add(connection);
    return connection;
  }

  /**
   * What a broker restart does to its clients: every consumer is cut off (its unsettled deliveries
   * go back to the group, and settling them later has no effect) and then reconnects, as adapters
   * do on their own. The broker's queues survive, as a persistent broker's do.
   */
  void severAndReconnectConsumers() {
    for (Connection connection : connections) {
      connection.subscriptions.forEach(Connection.Tracked::reconnect);
    }
  }

  private final class Connection implements Broker {
    private final Set<Tracked> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public String name() {
      return broker.name();
    }

    @Override
    public Capabilities capabilities() {
      return broker.capabilities();
    }

    @Override
    public String messageSizeLimit() {
      return broker.messageSizeLimit();
    }

    @Override
    public void validateNames(String topic, String group) {
      broker.validateNames(topic, group);
    }

    @Override
    public void start(BrokerContext context) {
      ensureOpen();
      if (started.compareAndSet(false, true)) {
        broker.start(context);
      }
    }

    @Override
    public CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
      if (closed.get()) {
        return CompletableFuture.failedFuture(closedException());
      }
      return broker.send(topic, message, deadline);
    }

    @Override
    public CompletableFuture<Void> sendByReference(
        String topic, Event<?> event, Function<Event<?>, BrokerMessage> encoder, long deadline) {
      if (closed.get()) {
        return CompletableFuture.failedFuture(closedException());
      }
      return broker.sendByReference(topic, event, encoder, deadline);
    }

    @Override
    public List<CompletableFuture<Void>> sendBatch(
        String topic, List<BrokerMessage> messages, long deadline) {
      if (closed.get()) {
        return messages.stream()
            .map(m -> CompletableFuture.<Void>failedFuture(closedException()))
            .toList();
      }
      return broker.sendBatch(topic, messages, deadline);
    }

    @Override
    public CompletableFuture<Void> sendToGroup(
        String topic, String group, BrokerMessage message, long deadline) {
      if (closed.get()) {
        return CompletableFuture.failedFuture(closedException());
      }
      return broker.sendToGroup(topic, group, message, deadline);
    }

    @Override
    public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
      ensureOpen();
      Tracked tracked = new Tracked(spec, listener);
      subscriptions.add(tracked);
      return tracked;
    }

    @Override
    public DeadLetterStore deadLetters() {
      ensureOpen();
      return broker.deadLetters();
    }

    /** The shared broker's health while this connection is started and open; DOWN otherwise. */
    @Override
    public BrokerHealth health() {
      return started.get() && !closed.get()
          ? broker.health()
          : BrokerHealth.down("connection not started or closed");
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      subscriptions.forEach(Tracked::close);
      if (started.get()) {
        broker.close();
      }
      connections.remove(this);
    }

    private void ensureOpen() {
      if (closed.get()) {
        throw closedException();
      }
    }

    private EventBusException closedException() {
      return new EventBusException("This connection to the shared in-memory broker is closed");
    }

    private final class Tracked implements BrokerSubscription {
      private final ConsumerSpec spec;
      private final DeliveryListener listener;
      private BrokerSubscription delegate;
      private boolean fetching = true;
      private boolean closed;

      Tracked(ConsumerSpec spec, DeliveryListener listener) {
        this.spec = spec;
        this.listener = listener;
        this.delegate = broker.subscribe(spec, listener);
      }

      synchronized void reconnect() {
        if (closed || !fetching) {
          return;
        }
        delegate.close();
        delegate = broker.subscribe(spec, listener);
      }

      @Override
      public synchronized void stopFetching() {
        fetching = false;
        delegate.stopFetching();
      }

      @Override
      public void close() {
        synchronized (this) {
          closed = true;
          delegate.close();
        }
        subscriptions.remove(this);
      }

      @Override
      public synchronized SubscriptionState state() {
        return delegate.state();
      }
    }
  }
}
