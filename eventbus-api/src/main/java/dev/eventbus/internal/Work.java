package dev.eventbus.internal;

import dev.eventbus.spi.Delivery;
import java.time.Instant;

/**
 * One delivery on its way through a subscription, with what the attempts so far learned; also the
 * task a handler thread runs and the handler's {@link dev.eventbus.DeliveryContext}, so that a
 * delivery costs the core one object. Made on the adapter's thread that hands the delivery over;
 * its headers are read on the handler thread, at the first attempt ({@link #begin()}), so that an
 * adapter can map the message lazily there.
 */
final class Work extends DefaultDeliveryContext implements Runnable {
  final Delivery delivery;
  final String key;
  private final ConsumerRuntime runtime;
  Instant firstFailure;

  Work(ConsumerRuntime runtime, Delivery delivery, String key) {
    this.runtime = runtime;
    this.delivery = delivery;
    this.key = key;
  }

  @Override
  public void run() {
    runtime.run(this);
  }

  @Override
  public String topic() {
    return runtime.topic();
  }

  @Override
  public String group() {
    return runtime.group();
  }

  @Override
  DefaultEventBus bus() {
    return runtime.bus();
  }

  /** Reads the attempt number and the first failure's time, once, before the first attempt. */
  void begin() {
    if (attempt > 0) {
      return; // begun: attempts count from 1
    }
    attempt = Math.max(1, delivery.attempt());
    if (attempt == 1) {
      return; // a first failure is recorded from the second attempt on
    }
    String first = delivery.message().headers().get(Delivery.FIRST_FAILURE_HEADER);
    if (first != null) {
      try {
        firstFailure = Instant.parse(first);
      } catch (RuntimeException e) {
        firstFailure = null;
      }
    }
  }
}
