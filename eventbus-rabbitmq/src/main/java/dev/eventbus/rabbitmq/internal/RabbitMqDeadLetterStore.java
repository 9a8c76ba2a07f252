package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.eventbus.DeadLetter;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Reads and trims a group's dead-letter queue {@code <topic>.<group>.dlq}.
 *
 * <p>A queue has no "peek": {@link #list} and {@link #delete} take messages with {@code basic.get}
 * without acking them, then give back every message they did not remove with one {@code
 * basic.nack(requeue)}. RabbitMQ puts requeued messages back in their original position, so the
 * order stays oldest first. While a read runs, the messages it holds are invisible to other
 * readers; reads in this process are serialized, and nothing else consumes a dead-letter queue.
 * {@link #count} reports ready messages (not those held by a concurrent read). A missing queue
 * reads as empty. Thread-safe.
 */
public final class RabbitMqDeadLetterStore implements DeadLetterStore {
  private final Supplier<RabbitMqRuntime> runtime;

  /** Reads through {@code runtime}, which throws while the broker is not running. */
  public RabbitMqDeadLetterStore(Supplier<RabbitMqRuntime> runtime) {
    this.runtime = runtime;
  }

  @Override
  public synchronized List<BrokerMessage> list(String topic, String group, int max) {
    String dlq = Topology.deadLetterQueue(topic, group);
    List<BrokerMessage> taken = new ArrayList<>();
    return read(
        dlq,
        ch -> {
          take(ch, dlq, max, m -> !taken.add(m)); // removes none: add is always true
          return taken;
        },
        List.of());
  }

  @Override
  public long count(String topic, String group) {
    return Math.max(0, runtime.get().topology.messageCount(Topology.deadLetterQueue(topic, group)));
  }

  @Override
  public synchronized boolean delete(String topic, String group, String deadLetterId) {
    String dlq = Topology.deadLetterQueue(topic, group);
    Predicate<BrokerMessage> match = m -> Objects.equals(deadLetterId, new DeadLetter(m).id());
    return read(dlq, ch -> take(ch, dlq, Integer.MAX_VALUE, match), false);
  }

  @Override
  public synchronized long purge(String topic, String group) {
    String dlq = Topology.deadLetterQueue(topic, group);
    return read(dlq, ch -> (long) ch.queuePurge(dlq).getMessageCount(), 0L);
  }

  /** Takes up to {@code max} messages until one to remove, acked; requeues the rest at once. */
  private static boolean take(Channel ch, String dlq, int max, Predicate<BrokerMessage> remove)
      throws IOException {
    long last = 0;
    boolean removed = false;
    for (int n = 0; n < max && !removed; n++) {
      GetResponse r = ch.basicGet(dlq, false);
      if (r == null) {
        break;
      }
      long tag = r.getEnvelope().getDeliveryTag();
      removed = remove.test(AmqpMessages.fromAmqp(r.getProps(), r.getBody()));
      if (removed) {
        ch.basicAck(tag, false);
      } else {
        last = tag;
      }
    }
    if (last > 0) {
      ch.basicNack(last, true, true);
    }
    return removed;
  }

  private <T> T read(String dlq, Topology.ChannelFunction<T> action, T whenMissing) {
    return runtime.get().topology.call(action, "read dead-letter queue '" + dlq + "'", whenMissing);
  }
}
