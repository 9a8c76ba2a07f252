package dev.eventbus.rabbitmq;

import static org.junit.jupiter.api.Assertions.fail;

import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records deliveries for a test to take, in arrival order, waiting up to a timeout. */
final class RecordingListener implements DeliveryListener {
  private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

  @Override
  public void onDelivery(Delivery delivery) {
    deliveries.add(delivery);
  }

  /** The next delivery, failing the test if none arrives within the timeout. */
  Delivery next(Duration timeout) {
    Delivery d = poll(timeout);
    if (d == null) {
      fail("No delivery within " + timeout.toMillis() + " ms");
    }
    return d;
  }

  /** The next delivery, or null if none arrives within the timeout. */
  Delivery poll(Duration timeout) {
    try {
      return deliveries.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Takes {@code n} deliveries, each within the timeout. */
  List<Delivery> take(int n, Duration timeout) {
    List<Delivery> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(next(timeout));
    }
    return result;
  }
}
