package dev.eventbus.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The plain amqp-client beside the adapter, for tests of the wire: a queue of its own bound to a
 * topic's exchange, to see messages as another AMQP consumer sees them, and publishing as another
 * producer would. Close it after the test.
 */
final class RawAmqp implements AutoCloseable {
  private final Connection connection;
  private final Channel channel;

  RawAmqp(RabbitMqFixture rabbit) throws Exception {
    this.connection = rabbit.rawConnection();
    this.channel = connection.createChannel();
  }

  /** A server-named exclusive queue bound with {@code #} to the topic's exchange (declared too). */
  Tap tap(String topic) throws Exception {
    channel.exchangeDeclare(topic, BuiltinExchangeType.TOPIC, true);
    String queue = channel.queueDeclare().getQueue();
    channel.queueBind(queue, topic, "#");
    Tap tap = new Tap();
    channel.basicConsume(queue, true, (tag, delivery) -> tap.received.add(delivery), tag -> {});
    return tap;
  }

  /** Publishes to the topic's exchange as another producer would. */
  void publish(String topic, String routingKey, AMQP.BasicProperties props, byte[] body)
      throws Exception {
    channel.basicPublish(topic, routingKey, props, body);
  }

  @Override
  public void close() throws Exception {
    if (connection.isOpen()) {
      connection.close();
    }
  }

  /** The messages a tap's queue received, in order. */
  static final class Tap {
    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();

    /** The next message, waiting up to the timeout; fails if none came. */
    Delivery next(Duration timeout) throws InterruptedException {
      Delivery d = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (d == null) {
        throw new AssertionError("no message reached the tap within " + timeout);
      }
      return d;
    }
  }
}
