package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One AMQP delivery: the message, its delivery tag on the subscription's channel, and the channel
 * generation ({@code epoch}) it arrived on. A delivery from an earlier generation is stale: the
 * broker requeued it when that channel died, so settling it must not ack anything. Thread-safe.
 */
final class RabbitMqDelivery implements Delivery {
  private final RabbitMqSubscription subscription;
  private final BrokerMessage message;
  private final AMQP.BasicProperties properties;
  private final byte[] body;
  private final long tag;
  private final long epoch;

  RabbitMqDelivery(
      RabbitMqSubscription subscription,
      BrokerMessage message,
      AMQP.BasicProperties properties,
      byte[] body,
      long tag,
      long epoch) {
    this.subscription = subscription;
    this.message = message;
    this.properties = properties;
    this.body = body;
    this.tag = tag;
    this.epoch = epoch;
  }

  @Override
  public BrokerMessage message() {
    return message;
  }

  @Override
  public String topic() {
    return subscription.spec().topic();
  }

  @Override
  public String group() {
    return subscription.spec().group();
  }

  @Override
  public void ack() {
    subscription.ack(this);
  }

  @Override
  public void retryLater(Duration delay, Map<String, String> headers) {
    subscription.retryLater(this, delay, headers);
  }

  @Override
  public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
    return subscription.deadLetter(this, headers);
  }

  AMQP.BasicProperties properties() {
    return properties;
  }

  byte[] body() {
    return body;
  }

  long tag() {
    return tag;
  }

  long epoch() {
    return epoch;
  }

  @Override
  public String toString() {
    return "RabbitMqDelivery{" + message + ", tag=" + tag + ", epoch=" + epoch + "}";
  }
}
