package dev.eventbus.kafka;

import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that keeps every delivery, to settle them from the test. */
final class Recorder implements DeliveryListener {
  private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
  private final List<Delivery> all = new CopyOnWriteArrayList<>();

  @Override
  public void onDelivery(Delivery delivery) {
    all.add(delivery);
    queue.add(delivery);
  }

  /** The next delivery not yet taken, waiting for it up to a timeout. */
  Delivery next(Duration timeout) {
    try {
      Delivery d = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (d == null) {
        throw new AssertionError("no delivery within " + timeout + "; got so far: " + all);
      }
      return d;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The next n deliveries. */
  List<Delivery> next(int n, Duration timeout) {
    List<Delivery> result = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      result.add(next(timeout));
    }
    return result;
  }

  /** Every delivery so far, in arrival order. */
  List<Delivery> all() {
    return List.copyOf(all);
  }
}
