package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.outbox.Outbox;
import org.springframework.context.SmartLifecycle;

/**
 * Starts an outbox's relay once the context is refreshed, after the bus ({@link #PHASE} is just
 * above {@link EventBusLifecycle#PHASE}), and closes the outbox when the context stops, before the
 * bus closes: the relay finishes the batch in flight, up to its publish timeout, and gives its
 * shards up while the broker is still there. Rows it did not publish stay in the table for the next
 * relay. With the relay disabled it never starts it (a process that only writes rows); the outbox
 * is then closed with its bean. Thread-safe.
 */
public final class OutboxRelayLifecycle implements SmartLifecycle {
  /** The phase: started after the bus and stopped before it, both below the web server's. */
  public static final int PHASE = EventBusLifecycle.PHASE + 1;

  private final Outbox outbox;
  private final boolean relayEnabled;
  private volatile boolean running;

  /**
   * A lifecycle for an outbox's relay.
   *
   * @param outbox the outbox whose relay it starts, and which it closes
   * @param relayEnabled whether to start the relay at all
   */
  public OutboxRelayLifecycle(Outbox outbox, boolean relayEnabled) {
    this.outbox = outbox;
    this.relayEnabled = relayEnabled;
  }

  @Override
  public synchronized void start() {
    if (!running && relayEnabled) {
      outbox.relay().start();
      running = true;
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    outbox.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isAutoStartup() {
    return relayEnabled;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
