package dev.eventbus.spi;

import dev.eventbus.EventBusException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The started and closed state of a broker adapter, kept the same way by every broker: a broker
 * serves one bus, so it starts once ({@link #start} a second time fails, as does a start after
 * close); every operation needs it started and not closed ({@link #running}); {@link #close} is
 * idempotent and final. The adapter keeps what it started (its clients, its connections) here and
 * closes it when {@link #close} hands it back.
 *
 * <p>Thread-safe: start and close are serialized; {@link #running} and {@link #current} read
 * without locking.
 *
 * @param <R> what a started broker holds
 */
public final class BrokerLifecycle<R> {
  private final String name;
  private volatile R running;
  private volatile boolean closed;

  /**
   * The state of a broker not yet started.
   *
   * @param name the broker as error messages name it, for example {@code "Kafka broker"}
   */
  public BrokerLifecycle(String name) {
    this.name = name;
  }

  /**
   * Starts the broker.
   *
   * @param starter opens the clients; called at most once
   * @return what it returned
   * @throws EventBusException if the broker was started or closed already, or what the starter
   *     throws
   */
  public synchronized R start(Supplier<R> starter) {
    if (closed) {
      throw new EventBusException("The " + name + " is closed");
    }
    if (running != null) {
      throw new EventBusException("The " + name + " is already started: a broker serves one bus");
    }
    R r = starter.get();
    running = r;
    return r;
  }

  /**
   * What the started broker holds, for an operation.
   *
   * @return it
   * @throws EventBusException if the broker is not started or closed
   */
  public R running() {
    R r = running;
    if (closed) {
      throw new EventBusException("The " + name + " is closed");
    }
    if (r == null) {
      throw new EventBusException("The " + name + " is not started; start the bus first");
    }
    return r;
  }

  /**
   * What the started broker holds, or null before start and after close: for health checks, which
   * answer DOWN then instead of failing.
   *
   * @return it, or null
   */
  public R current() {
    return closed ? null : running;
  }

  /**
   * The broker's health: DOWN before start and after close, else what the probe says of what the
   * started broker holds.
   *
   * @param probe reads the started broker's health; must not block on the network
   * @return the health
   */
  public BrokerHealth health(Function<R, BrokerHealth> probe) {
    R r = current();
    return r == null ? BrokerHealth.down("not started or closed") : probe.apply(r);
  }

  /**
   * Whether {@link #close} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes: later operations fail.
   *
   * @return what was started, for the caller to close, if this call closed the broker; null if it
   *     was closed already or never started
   */
  public synchronized R close() {
    if (closed) {
      return null;
    }
    closed = true;
    return running;
  }

  /**
   * Closes, and closes what was started if this call closed the broker: the whole of an adapter's
   * {@link Broker#close()}, idempotent.
   *
   * @param closer closes what the broker started
   */
  public void close(Consumer<R> closer) {
    R r = close();
    if (r != null) {
      closer.accept(r);
    }
  }
}
