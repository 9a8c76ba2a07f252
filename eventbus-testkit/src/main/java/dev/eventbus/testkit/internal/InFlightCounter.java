package dev.eventbus.testkit.internal;

import dev.eventbus.spi.Delivery;
import dev.eventbus.testkit.Await;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, from the broker's side, the deliveries handed to the core and not yet settled, and the
 * most there ever were at once. Thread-safe.
 */
public final class InFlightCounter implements ObservedBroker.Observer {
  private final AtomicInteger current = new AtomicInteger();
  private final AtomicInteger max = new AtomicInteger();
  private final AtomicInteger delivered = new AtomicInteger();
  private final AtomicInteger settled = new AtomicInteger();

  /** Creates a counter at zero. */
  public InFlightCounter() {}

  @Override
  public void delivered(Delivery delivery) {
    delivered.incrementAndGet();
    max.accumulateAndGet(current.incrementAndGet(), Math::max);
    Await.signal();
  }

  @Override
  public void settled(Delivery delivery, ObservedBroker.Settlement settlement) {
    settled.incrementAndGet();
    current.decrementAndGet();
    Await.signal();
  }

  /**
   * Deliveries handed out and not settled now.
   *
   * @return the count
   */
  public int current() {
    return current.get();
  }

  /**
   * The most deliveries that were ever unsettled at once.
   *
   * @return the count
   */
  public int max() {
    return max.get();
  }

  /**
   * Deliveries handed out so far, copies included.
   *
   * @return the count
   */
  public int delivered() {
    return delivered.get();
  }

  /**
   * Deliveries settled so far.
   *
   * @return the count
   */
  public int settled() {
    return settled.get();
  }

  @Override
  public String toString() {
    return "in flight " + current.get() + " (max " + max.get() + "), delivered " + delivered.get();
  }
}
