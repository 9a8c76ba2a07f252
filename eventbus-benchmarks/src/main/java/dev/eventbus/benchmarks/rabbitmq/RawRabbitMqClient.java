package dev.eventbus.benchmarks.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.eventbus.GroupOptions;
import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadClient;
import dev.eventbus.rabbitmq.QueueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The baseline: amqp-client used directly with the settings {@code RabbitMqBroker} uses by default.
 * One connection publishes (publisher confirms, at most {@value #CONFIRM_WINDOW} unconfirmed,
 * persistent messages to a durable topic exchange); another consumes (manual acks, prefetch = the
 * group's in-flight bound, acks batched as the adapter batches them by default: one multiple ack
 * per {@value #ACK_BATCH} deliveries or after {@code ACK_DELAY}). Queues are declared with the
 * adapter's default {@link QueueArguments}. The connections do not recover: a dropped connection
 * fails the measurement instead of skewing it.
 */
final class RawRabbitMqClient implements LoadClient {
  /** The adapter's default confirm window. */
  static final int CONFIRM_WINDOW = 1024;

  /**
   * The adapter's default ack batch: at most this many acks (and at most a quarter of the prefetch)
   * go as one multiple ack, and none waits longer than {@link #ACK_DELAY}.
   */
  static final int ACK_BATCH = 64;

  /** The longest an ack waits for its batch, as in the adapter. */
  static final Duration ACK_DELAY = Duration.ofMillis(5);

  /** The prefetch of every consumer: the eventbus group's in-flight bound. */
  static final int PREFETCH = GroupOptions.DEFAULT_MAX_IN_FLIGHT;

  /**
   * Acks per multiple ack as the adapter batches them: {@link #ACK_BATCH}, at most a quarter of the
   * prefetch.
   */
  static final int EFFECTIVE_ACK_BATCH = Math.min(ACK_BATCH, PREFETCH / 4);

  private static final Duration WINDOW_WAIT = Duration.ofSeconds(30);

  private final String name;
  private final MessageFormat format;
  private final QueueType queueType;
  private final Connection publisherConnection;
  private final Connection consumerConnection;
  private final Channel publisher;
  private final Semaphore window = new Semaphore(CONFIRM_WINDOW);
  private final ConcurrentNavigableMap<Long, Acks> unconfirmed = new ConcurrentSkipListMap<>();
  private volatile ShutdownSignalException broken;

  /**
   * A raw client.
   *
   * @param name its name in the results
   * @param format what it puts in a message and reads back
   * @param factory the connection factory
   * @param queueType the type of the queues it declares
   */
  RawRabbitMqClient(
      String name, MessageFormat format, ConnectionFactory factory, QueueType queueType)
      throws IOException, TimeoutException {
    this.name = name;
    this.format = format;
    this.queueType = queueType;
    ConnectionFactory noRecovery = factory.clone();
    noRecovery.setAutomaticRecoveryEnabled(false);
    this.publisherConnection = noRecovery.newConnection("bench-raw-publisher");
    this.consumerConnection = noRecovery.newConnection("bench-raw-consumer");
    this.publisher = publisherConnection.createChannel();
    publisher.addShutdownListener(this::failUnconfirmed);
    publisher.confirmSelect();
    publisher.addConfirmListener(
        (seq, multiple) -> settle(seq, multiple, null),
        (seq, multiple) -> settle(seq, multiple, new IOException("basic.nack")));
  }

  private void settle(long seq, boolean multiple, Exception nack) {
    if (unconfirmed.isEmpty()) {
      return;
    }
    Map<Long, Acks> done = multiple ? unconfirmed.headMap(seq, true) : subMap(seq);
    int n = 0;
    for (Map.Entry<Long, Acks> e : done.entrySet()) {
      if (unconfirmed.remove(e.getKey()) != null) {
        if (nack == null) {
          e.getValue().ack();
        } else {
          e.getValue().fail(nack);
        }
        n++;
      }
    }
    window.release(n);
  }

  /** Confirms of a closed channel never come: fail what waits for them and free the window. */
  private void failUnconfirmed(ShutdownSignalException cause) {
    broken = cause;
    settle(Long.MAX_VALUE, true, cause);
  }

  private Map<Long, Acks> subMap(long seq) {
    return unconfirmed.subMap(seq, true, seq, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void prepare(String topic, String group) {
    String queue = QueueArguments.queue(topic, group);
    String dlq = QueueArguments.deadLetterQueue(queue);
    try (Channel ch = publisherConnection.createChannel()) {
      ch.exchangeDeclare(topic, BuiltinExchangeType.TOPIC, true);
      ch.queueDeclare(dlq, true, false, false, QueueArguments.deadLetter());
      ch.queueDeclare(queue, true, false, false, QueueArguments.group(queueType, dlq));
      ch.queueBind(queue, topic, "#");
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("cannot declare " + queue, e);
    }
  }

  @Override
  public void send(String topic, long intendedNanos, Acks acks) {
    try {
      if (broken != null || !window.tryAcquire(WINDOW_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "no publisher confirm for "
                + WINDOW_WAIT.toSeconds()
                + " s or the channel closed: "
                + broken);
      }
      MessageFormat.Message message = format.message(intendedNanos);
      unconfirmed.put(publisher.getNextPublishSeqNo(), acks);
      publisher.basicPublish(topic, "", false, message.props(), message.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the confirm window", e);
    }
  }

  @Override
  public AutoCloseable consume(String topic, String group, Receiver receiver) {
    try {
      Channel ch = consumerConnection.createChannel();
      ch.basicQos(PREFETCH);
      BatchAcker acker = new BatchAcker(ch, EFFECTIVE_ACK_BATCH);
      String tag =
          ch.basicConsume(
              QueueArguments.queue(topic, group),
              false,
              new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(
                    String consumerTag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                  receiver.received(format.intendedNanos(props, body));
                  acker.ack(envelope.getDeliveryTag());
                }
              });
      return () -> {
        ch.basicCancel(tag);
        acker.close();
        ch.close();
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Acks of one channel whose deliveries are handled in order, on the consumer thread: a multiple
   * ack every {@code batch} deliveries, the rest after {@link #ACK_DELAY} at the latest.
   */
  private static final class BatchAcker {
    private final Channel channel;
    private final int batch;
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-raw-acks");
              t.setDaemon(true);
              return t;
            });
    private long last;
    private int unsent;
    private boolean armed;

    BatchAcker(Channel channel, int batch) {
      this.channel = channel;
      this.batch = batch;
    }

    synchronized void ack(long tag) throws IOException {
      last = tag;
      if (++unsent >= batch) {
        send();
      } else if (!armed) {
        armed = true;
        timer.schedule(this::flush, ACK_DELAY.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    private synchronized void flush() {
      armed = false;
      try {
        send();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void send() throws IOException {
      if (unsent > 0 && channel.isOpen()) {
        channel.basicAck(last, true);
      }
      unsent = 0;
    }

    void close() {
      flush();
      timer.shutdownNow();
    }
  }

  @Override
  public void close() {
    try {
      publisherConnection.close();
      consumerConnection.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
