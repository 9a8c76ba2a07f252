package dev.eventbus.rabbitmq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.testkit.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchedAcks} on real channels of the RabbitMQ server the suite runs against ({@code
 * EVENTBUS_RABBITMQ_URI}, else the local one): every ack frame is counted on its way to the server,
 * and what the server still holds unacked is read back by closing the channel, which requeues
 * exactly the deliveries that were never acked. A multiple ack naming a tag the server no longer
 * holds would close the channel, which the synchronous call after the acks detects.
 */
class BatchedAcksTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int BATCH = 32;

  private static Connection connection;
  private static Scheduler scheduler;

  /** Never fires: batches go out only when full or flushed, so the count of frames is exact. */
  private static final Scheduler NO_TIMER =
      new Scheduler() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
          return () -> {};
        }
      };

  /** One ack or nack frame as the adapter asked the client to send it. */
  record Frame(String method, long tag, boolean multiple) {}

  @BeforeAll
  static void connect() throws Exception {
    String external = System.getenv("EVENTBUS_RABBITMQ_URI");
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(
        external == null || external.isBlank()
            ? "amqp://guest:guest@127.0.0.1:5672/%2F"
            : external);
    try {
      connection = factory.newConnection("eventbus-test-batched-acks");
    } catch (java.io.IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw e;
      }
      Assumptions.abort("RabbitMQ is not reachable: " + e);
    }
    scheduler = Scheduler.system();
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (connection != null) {
      connection.close();
    }
  }

  @Test
  void outOfOrderAcksGoOutAsFewMultipleAcksAndAckExactlyWhatWasSettled() throws Exception {
    Queue q = queueWith(256);
    BatchedAcks acks = new BatchedAcks(q.name, BATCH, NO_TIMER, Runnable::run);
    acks.reset(q.counted, 0);
    List<Long> tags = q.receive(256, acks, 0);

    // Four handler threads finish roughly, not exactly, in order; the last delivery stays in
    // flight.
    List<Long> settling = new ArrayList<>(tags.subList(0, 255));
    Random random = new Random(42);
    for (int i = 0; i < settling.size(); i += 8) {
      Collections.shuffle(settling.subList(i, Math.min(i + 8, settling.size())), random);
    }
    for (long tag : settling) {
      if (tag == 50) {
        acks.ackNow(0, tag); // a retry's ack: singly, at once, and never named again
      } else {
        acks.ack(0, tag);
      }
    }
    acks.flush();
    q.counted.basicQos(256); // a round trip: the server took every ack frame without an error

    assertThat(q.frames).contains(new Frame("basicAck", 50, false));
    List<Frame> batches = q.frames.stream().filter(f -> f.tag() != 50).toList();
    // Acked one by one, it would take 254 frames.
    assertThat(batches).allMatch(Frame::multiple).hasSizeLessThanOrEqualTo(16);
    assertThat(q.unackedAfterClose()).isEqualTo(1);
  }

  @Test
  void aLongLivedChannelKeepsAckingCorrectlyPastManyThousandTags() throws Exception {
    int total = 12_000; // the bookkeeping drops settled tags every 4096
    Queue q = queueWith(total);
    BatchedAcks acks = new BatchedAcks(q.name, BATCH, NO_TIMER, Runnable::run);
    acks.reset(q.counted, 0);
    // A quiet group: one delivery at a time, idle (flushed) after each.
    for (int i = 0; i < 5_000; i++) {
      acks.ack(0, q.receive(1, acks, 0).get(0));
      acks.flush();
    }
    // A busy one: four handler threads finish roughly in order; retries settle singly between.
    Random random = new Random(7);
    List<Long> block = new ArrayList<>();
    for (int i = 5_000; i < total - 1; i++) {
      block.addAll(q.receive(1, acks, 0));
      if (block.size() == 8 || i == total - 2) {
        Collections.shuffle(block, random);
        for (long tag : block) {
          if (tag % 97 == 0) {
            acks.ackNow(0, tag);
          } else {
            acks.ack(0, tag);
          }
        }
        block.clear();
      }
    }
    q.receive(1, acks, 0); // the last delivery stays in flight
    acks.flush();
    q.counted.basicQos(1000); // a round trip: the server took every ack frame without an error

    assertThat(q.unackedAfterClose()).isEqualTo(1);
  }

  @Test
  void acksAboveADeliveryStillInFlightAreSentSinglyWithinTheDelay() throws Exception {
    Queue q = queueWith(101);
    BatchedAcks acks = new BatchedAcks(q.name, BATCH, scheduler, Runnable::run);
    acks.reset(q.counted, 0);
    List<Long> tags = q.receive(101, acks, 0);

    for (long tag : tags.subList(1, 100)) {
      acks.ack(0, tag);
    }
    Await.until(
        "99 single acks of the deliveries above the first", TIMEOUT, () -> q.frames.size() == 99);
    assertThat(q.frames).noneMatch(Frame::multiple);

    acks.ack(0, tags.get(0));
    Await.until(
        "the ack of the first delivery, by the timer", TIMEOUT, () -> q.frames.size() == 100);
    assertThat(q.frames.get(99)).isEqualTo(new Frame("basicAck", tags.get(0), true));
    q.counted.basicQos(101);
    assertThat(q.unackedAfterClose()).isEqualTo(1);
  }

  @Test
  void acksOfAnEarlierChannelAreNeverSentOnTheNextOne() throws Exception {
    Queue first = queueWith(10);
    BatchedAcks acks = new BatchedAcks(first.name, BATCH, NO_TIMER, Runnable::run);
    acks.reset(first.counted, 0);
    List<Long> old = first.receive(10, acks, 0);
    acks.ack(0, old.get(0)); // recorded, then the channel dies before the batch is sent
    assertThat(first.unackedAfterClose()).isEqualTo(10);

    Queue second = first.consumeAgain();
    acks.reset(second.counted, 1);
    List<Long> tags = second.receive(10, acks, 1);
    for (long tag : old) {
      acks.ack(0, tag); // stale: the same tag numbers exist on the new channel
    }
    acks.flush();
    assertThat(second.frames).isEmpty();

    for (long tag : tags.subList(0, 9)) {
      acks.ack(1, tag);
    }
    acks.close();
    assertThat(second.frames).containsExactly(new Frame("basicAck", tags.get(8), true));
    second.counted.basicQos(10);
    assertThat(second.unackedAfterClose()).isEqualTo(1);
  }

  private static Queue queueWith(int messages) throws Exception {
    Channel setup = connection.createChannel();
    String name = setup.queueDeclare("", false, true, false, null).getQueue(); // not auto-delete
    setup.confirmSelect();
    for (int i = 0; i < messages; i++) {
      setup.basicPublish("", name, null, new byte[] {(byte) i});
    }
    setup.waitForConfirmsOrDie(TIMEOUT.toMillis());
    setup.close();
    return new Queue(name);
  }

  /** A consuming channel on an exclusive queue whose ack and nack calls are recorded. */
  private static final class Queue {
    final String name;
    final Channel real;
    final Channel counted;
    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final BlockingQueue<Long> delivered = new LinkedBlockingQueue<>();

    Queue(String name) throws Exception {
      this.name = name;
      this.real = connection.createChannel();
      this.counted =
          (Channel)
              Proxy.newProxyInstance(
                  Channel.class.getClassLoader(),
                  new Class<?>[] {Channel.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("basicAck")) {
                      frames.add(new Frame("basicAck", (long) args[0], (boolean) args[1]));
                    } else if (method.getName().equals("basicNack")) {
                      frames.add(new Frame("basicNack", (long) args[0], (boolean) args[1]));
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      real.basicQos(1000);
      real.basicConsume(
          name,
          false,
          new DefaultConsumer(real) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
              delivered.add(envelope.getDeliveryTag());
            }
          });
    }

    List<Long> receive(int n, BatchedAcks acks, long epoch) throws InterruptedException {
      List<Long> tags = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Long tag = delivered.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (tag == null) {
          fail("only " + i + " of " + n + " deliveries arrived");
        }
        acks.delivered(epoch, tag);
        tags.add(tag);
      }
      return tags;
    }

    /** Closes the channel and waits for the server to requeue what it had not seen acked. */
    int unackedAfterClose() throws Exception {
      real.close();
      try (Channel ch = connection.createChannel()) {
        Await.until(
            "the requeue of the unacked deliveries of " + name, TIMEOUT, () -> ready(ch) > 0);
        return ready(ch);
      }
    }

    Queue consumeAgain() throws Exception {
      return new Queue(name);
    }

    private int ready(Channel ch) {
      try {
        return ch.queueDeclarePassive(name).getMessageCount();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
