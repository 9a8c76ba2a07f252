package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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

  /**
   * Creates the store.
   *
   * @param runtime the running broker; throws if not started
   */
  public RabbitMqDeadLetterStore(Supplier<RabbitMqRuntime> runtime) {
    this.runtime = runtime;
  }

  private Topology topology() {
    return runtime.get().topology();
  }

  @Override
  public synchronized List<BrokerMessage> list(String topic, String group, int max) {
    String dlq = Topology.deadLetterQueue(topic, group);
    return read(
        dlq,
        ch -> {
          List<BrokerMessage> result = new ArrayList<>();
          long last = 0;
          while (result.size() < max) {
            GetResponse r = ch.basicGet(dlq, false);
            if (r == null) {
              break;
            }
            last = r.getEnvelope().getDeliveryTag();
            result.add(AmqpMessages.fromAmqp(r.getProps(), r.getBody()));
          }
          giveBack(ch, last);
          return result;
        },
        List.of());
  }

  @Override
  public long count(String topic, String group) {
    return Math.max(0, topology().messageCount(Topology.deadLetterQueue(topic, group)));
  }

  @Override
  public synchronized boolean delete(String topic, String group, String deadLetterId) {
    String dlq = Topology.deadLetterQueue(topic, group);
    return read(
        dlq,
        ch -> {
          long last = 0;
          while (true) {
            GetResponse r = ch.basicGet(dlq, false);
            if (r == null) {
              giveBack(ch, last);
              return false;
            }
            long tag = r.getEnvelope().getDeliveryTag();
            BrokerMessage m = AmqpMessages.fromAmqp(r.getProps(), r.getBody());
            if (Objects.equals(deadLetterId, new DeadLetter(m).id())) {
              ch.basicAck(tag, false);
              giveBack(ch, last);
              return true;
            }
            last = tag;
          }
        },
        false);
  }

  @Override
  public synchronized long purge(String topic, String group) {
    String dlq = Topology.deadLetterQueue(topic, group);
    return read(dlq, ch -> (long) ch.queuePurge(dlq).getMessageCount(), 0L);
  }

  /** Requeues, in one frame, every message taken up to a tag that was not acked. */
  private static void giveBack(Channel ch, long lastTag) throws IOException {
    if (lastTag > 0) {
      ch.basicNack(lastTag, true, true);
    }
  }

  private <T> T read(String dlq, Topology.ChannelFunction<T> action, T whenMissing) {
    try {
      return topology().call(action, "read dead-letter queue '" + dlq + "'");
    } catch (EventBusException e) {
      if (Topology.isNotFound(e)) {
        return whenMissing;
      }
      throw e;
    }
  }
}
