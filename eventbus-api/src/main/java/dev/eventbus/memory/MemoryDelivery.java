package dev.eventbus.memory;

import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A delivery of the in-memory broker; settling takes the topic lock. */
final class MemoryDelivery implements Delivery {
  private final MemoryConsumer consumer;
  private final Entry entry;

  MemoryDelivery(MemoryConsumer consumer, Entry entry) {
    this.consumer = consumer;
    this.entry = entry;
  }

  @Override
  public BrokerMessage message() {
    return entry.message();
  }

  @Override
  public String topic() {
    return consumer.topic.name;
  }

  @Override
  public String group() {
    return consumer.group.name;
  }

  @Override
  public void ack() {
    consumer.topic.settle(consumer, entry, null);
  }

  @Override
  public void retryLater(Duration delay, Map<String, String> headers) {
    consumer.topic.retryLater(consumer, entry, delay, headers);
  }

  @Override
  public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
    try {
      boolean settled = consumer.topic.settle(consumer, entry, headers);
      return settled
          ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(
              new EventBusException(
                  "Delivery of " + entry.message().id() + " is no longer held by this consumer"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
