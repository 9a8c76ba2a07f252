package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One AMQP delivery: the message as read, the raw properties and body it is republished with, its
 * delivery tag, and the channel generation ({@code epoch}) it arrived on. A delivery of an earlier
 * generation is stale: the broker requeued it when that channel died, so settling it acks nothing.
 * Thread-safe.
 */
record RabbitMqDelivery(
    RabbitMqSubscription subscription,
    BrokerMessage message,
    AMQP.BasicProperties properties,
    byte[] body,
    long tag,
    long epoch)
    implements Delivery {

  @Override
  public String topic() {
    return subscription.spec.topic();
  }

  @Override
  public String group() {
    return subscription.spec.group();
  }

  @Override
  public void ack() {
    subscription.ack(this);
  }

  @Override
  public void retryLater(Duration delay, Map<String, String> headers) {
    subscription.settlements.retryLater(this, delay, headers);
  }

  @Override
  public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
    return subscription.settlements.deadLetter(this, headers);
  }

  @Override
  public String toString() {
    return "RabbitMqDelivery{" + message + ", tag=" + tag + ", epoch=" + epoch + "}";
  }
}
