package dev.eventbus.testkit;

import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DeliveryListener} that keeps every delivery for the test to take and settle, for tests
 * of a broker adapter through the SPI ({@code broker.subscribe(spec, listener)}). Deliveries are
 * taken in arrival order; {@link #all()} keeps every one, taken or not.
 *
 * <p>Thread-safe: the adapter's threads deliver while the test takes.
 */
public final class RecordingListener implements DeliveryListener {
  private final BlockingQueue<Delivery> untaken = new LinkedBlockingQueue<>();
  private final List<Delivery> all = new CopyOnWriteArrayList<>();

  /** A listener that has received nothing. */
  public RecordingListener() {}

  @Override
  public void onDelivery(Delivery delivery) {
    all.add(delivery);
    untaken.add(delivery);
  }

  /**
   * The next delivery not yet taken, waiting for it.
   *
   * @param timeout how long to wait at most
   * @return the delivery
   * @throws AssertionError if none arrives within the timeout (listing what arrived so far)
   */
  public Delivery next(Duration timeout) {
    Delivery d = poll(timeout);
    if (d == null) {
      throw new AssertionError(
          "No delivery within " + timeout.toMillis() + " ms; received so far: " + all);
    }
    return d;
  }

  /**
   * The next {@code n} deliveries not yet taken, each within the timeout.
   *
   * @param n how many
   * @param timeout how long to wait for each at most
   * @return them, in arrival order
   * @throws AssertionError if one does not arrive in time
   */
  public List<Delivery> next(int n, Duration timeout) {
    List<Delivery> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(next(timeout));
    }
    return result;
  }

  /**
   * The next delivery not yet taken, or null if none arrives within the timeout: to check that
   * nothing more comes.
   *
   * @param timeout how long to wait at most
   * @return the delivery, or null
   */
  public Delivery poll(Duration timeout) {
    try {
      return untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for a delivery", e);
    }
  }

  /**
   * Every delivery received so far, taken or not, in arrival order.
   *
   * @return a copy
   */
  public List<Delivery> all() {
    return List.copyOf(all);
  }
}
