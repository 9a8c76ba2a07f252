package dev.eventbus.testkit.internal;

import dev.eventbus.Event;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.Capabilities;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeadLetterStore;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A broker decorator that tells an {@link Observer} about every send, delivery, settlement and
 * dead-letter write of the broker it wraps, and can deliver every message twice to simulate lost
 * acknowledgements. Semantics stay the real broker's: it adds nothing and drops nothing.
 *
 * <p>In duplicate mode each delivery is handed to the listener once; when the core acknowledges
 * that copy, the same message is handed over again, and the second copy's settlement is the one
 * that reaches the broker (a retry or dead-letter of the first copy reaches it at once). So a
 * subscription still never holds more than {@code maxInFlight} unsettled messages, and the second
 * copy looks exactly like a broker redelivery after a lost ack.
 *
 * <p>Thread-safe. Observer callbacks run on the thread that caused them and must not block.
 */
public final class ObservedBroker implements Broker {
  /** How a delivery was settled. */
  public enum Settlement {
    /** {@link Delivery#ack()}. */
    ACK,
    /** {@link Delivery#retryLater(Duration, Map)}. */
    RETRY_LATER,
    /** {@link Delivery#deadLetter(Map)}. */
    DEAD_LETTER
  }

  /** Receives what the broker does. Every method has an empty default. */
  public interface Observer {
    /**
     * A message is being sent.
     *
     * @param topic the topic
     * @param group the group for {@code sendToGroup}, else null
     * @param message the message
     * @param result completes when the broker accepted it or failed
     */
    default void sending(
        String topic, String group, BrokerMessage message, CompletableFuture<Void> result) {}

    /**
     * A delivery is being handed to the core.
     *
     * @param delivery the delivery
     */
    default void delivered(Delivery delivery) {}

    /**
     * The core settled a delivery.
     *
     * @param delivery the delivery
     * @param settlement how
     */
    default void settled(Delivery delivery, Settlement settlement) {}

    /**
     * The core is writing a delivery to the dead letters.
     *
     * @param delivery the delivery
     * @param headers the dead-letter headers
     * @param result completes when the write is durable or failed
     */
    default void deadLettering(
        Delivery delivery, Map<String, String> headers, CompletableFuture<Void> result) {}
  }

  private final Broker delegate;
  private final Observer observer;
  private final AtomicBoolean duplicate = new AtomicBoolean();

  /**
   * Wraps a broker.
   *
   * @param delegate the broker; this decorator starts and closes it
   * @param observer told about everything
   */
  public ObservedBroker(Broker delegate, Observer observer) {
    this.delegate = delegate;
    this.observer = observer;
  }

  /**
   * Turns duplicate delivery on or off, for deliveries made from now on.
   *
   * @param on true to deliver every message twice
   */
  public void duplicateDeliveries(boolean on) {
    duplicate.set(on);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String messagingSystem() {
    return delegate.messagingSystem();
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public String messageSizeLimit() {
    return delegate.messageSizeLimit();
  }

  @Override
  public void validateNames(String topic, String group) {
    delegate.validateNames(topic, group);
  }

  @Override
  public void start(BrokerContext context) {
    delegate.start(context);
  }

  @Override
  public CompletableFuture<Void> send(String topic, BrokerMessage message, long deadline) {
    CompletableFuture<Void> result = delegate.send(topic, message, deadline);
    observer.sending(topic, null, message, result);
    return result;
  }

  @Override
  public List<CompletableFuture<Void>> sendBatch(
      String topic, List<BrokerMessage> messages, long deadline) {
    List<CompletableFuture<Void>> results = delegate.sendBatch(topic, messages, deadline);
    for (int i = 0; i < messages.size(); i++) {
      observer.sending(topic, null, messages.get(i), results.get(i));
    }
    return results;
  }

  @Override
  public CompletableFuture<Void> sendToGroup(
      String topic, String group, BrokerMessage message, long deadline) {
    CompletableFuture<Void> result = delegate.sendToGroup(topic, group, message, deadline);
    observer.sending(topic, group, message, result);
    return result;
  }

  @Override
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    return delegate.subscribe(spec, new ObservingListener(listener));
  }

  @Override
  public DeadLetterStore deadLetters() {
    return delegate.deadLetters();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public BrokerHealth health() {
    return delegate.health();
  }

  private final class ObservingListener implements DeliveryListener {
    private final DeliveryListener core;

    ObservingListener(DeliveryListener core) {
      this.core = core;
    }

    @Override
    public void onDelivery(Delivery delivery) {
      hand(new ObservedDelivery(delivery, duplicate.get() ? this : null));
    }

    void hand(ObservedDelivery copy) {
      observer.delivered(copy);
      core.onDelivery(copy);
    }

    @Override
    public void beginBurst() {
      core.beginBurst();
    }

    @Override
    public void endBurst() {
      core.endBurst();
    }
  }

  private final class ObservedDelivery implements Delivery {
    private final Delivery real;
    private final ObservingListener redeliverTo;
    private final AtomicBoolean settled = new AtomicBoolean();

    ObservedDelivery(Delivery real, ObservingListener redeliverTo) {
      this.real = real;
      this.redeliverTo = redeliverTo;
    }

    @Override
    public BrokerMessage message() {
      return real.message();
    }

    // The broker's own answers: it may make the message lazily, on a handler thread.
    @Override
    public String key() {
      return real.key();
    }

    @Override
    public Event<?> event() {
      return real.event();
    }

    @Override
    public String topic() {
      return real.topic();
    }

    @Override
    public String group() {
      return real.group();
    }

    @Override
    public int attempt() {
      return real.attempt();
    }

    @Override
    public void retryingInPlace(int nextAttempt, Instant firstFailure) {
      real.retryingInPlace(nextAttempt, firstFailure);
    }

    @Override
    public Map<String, String> traceAttributes() {
      return real.traceAttributes();
    }

    @Override
    public void ack() {
      if (settle(Settlement.ACK)) {
        if (redeliverTo != null) {
          redeliverTo.hand(new ObservedDelivery(real, null));
        } else {
          real.ack();
        }
      }
    }

    @Override
    public void retryLater(Duration delay, Map<String, String> headers) {
      if (settle(Settlement.RETRY_LATER)) {
        real.retryLater(delay, headers);
      }
    }

    @Override
    public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
      if (!settle(Settlement.DEAD_LETTER)) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("delivery of " + real.message() + " was already settled"));
      }
      CompletableFuture<Void> result = real.deadLetter(headers);
      observer.deadLettering(this, headers, result);
      return result;
    }

    private boolean settle(Settlement how) {
      if (!settled.compareAndSet(false, true)) {
        return false;
      }
      observer.settled(this, how);
      return true;
    }

    @Override
    public String toString() {
      return "ObservedDelivery{" + real.message() + ", group=" + real.group() + "}";
    }
  }
}
