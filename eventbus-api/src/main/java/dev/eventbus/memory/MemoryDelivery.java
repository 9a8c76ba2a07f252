package dev.eventbus.memory;

import dev.eventbus.Event;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A message in one group's partition and, once handed out, its delivery to one consumer: one object
 * per message and group. While a consumer holds it, it is a link of that consumer's list of
 * unsettled deliveries (no set entry per delivery). Its fields other than the first three are
 * guarded by the topic's lock; settling takes that lock.
 *
 * <p>An object is handed out at most once: a message that goes back to its group (a consumer
 * closed, a retry) does so as a new object, so that a late settlement of the old one finds it no
 * longer held and has no effect.
 */
final class MemoryDelivery implements Delivery {
  private static final int PARTITION_BITS = 10; // InMemoryBroker allows at most 1024 partitions

  private final long position; // publish sequence number, then the partition in the low bits
  // The message, or (by reference) the event until its message is asked for; then the message.
  private Object content;
  private final Function<Event<?>, BrokerMessage> encoder; // by reference only
  // Set once, when handed out (under the lock, before the listener sees it; the hand-off to a
  // handler thread publishes it).
  MemoryConsumer holder;
  // Index in the holder's table of unsettled deliveries while it holds this one, else -1;
  // guarded by the topic's lock.
  int slot = -1;
  // Link of the topic's stack of acks not yet applied; non-null once acked (see MemoryTopic).
  volatile MemoryDelivery nextAcked;

  private static final MemoryDelivery ACKING = new MemoryDelivery();
  private static final VarHandle NEXT_ACKED;

  static {
    try {
      NEXT_ACKED =
          MethodHandles.lookup()
              .findVarHandle(MemoryDelivery.class, "nextAcked", MemoryDelivery.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** True for the first ack only. */
  boolean markAcked() {
    return NEXT_ACKED.compareAndSet(this, null, ACKING);
  }

  MemoryDelivery(long seq, int partition, BrokerMessage message) {
    this.position = seq << PARTITION_BITS | partition;
    this.content = message;
    this.encoder = null;
  }

  /** A marker, never delivered: the bottom of the topic's stack of acks. */
  MemoryDelivery() {
    this.position = -1;
    this.encoder = null;
  }

  long seq() {
    return position >>> PARTITION_BITS;
  }

  int partition() {
    return (int) (position & ((1 << PARTITION_BITS) - 1));
  }

  /** A delivery of an event by reference; its message is made if it is ever asked for. */
  MemoryDelivery(
      long seq, int partition, Event<?> event, Function<Event<?>, BrokerMessage> encoder) {
    this.position = seq << PARTITION_BITS | partition;
    this.content = event;
    this.encoder = encoder;
  }

  /** The same content, queued anew: a fresh object that nobody holds. */
  MemoryDelivery again() {
    Object c = content;
    return c instanceof Event<?> e
        ? new MemoryDelivery(seq(), partition(), e, encoder)
        : new MemoryDelivery(seq(), partition(), (BrokerMessage) c);
  }

  /** Another message for the same position, queued anew (a retry with headers). */
  MemoryDelivery again(BrokerMessage newMessage) {
    return new MemoryDelivery(seq(), partition(), newMessage);
  }

  @Override
  public BrokerMessage message() {
    Object c = content;
    if (c instanceof BrokerMessage m) {
      return m;
    }
    // A racy second call makes an equal message; its final fields publish it safely.
    BrokerMessage m = BrokerMessage.byReference((Event<?>) c, encoder);
    content = m;
    return m;
  }

  @Override
  public Event<?> event() {
    Object c = content;
    return c instanceof Event<?> e ? e : ((BrokerMessage) c).event();
  }

  @Override
  public String key() {
    Object c = content;
    return c instanceof Event<?> e ? e.partitionKey() : ((BrokerMessage) c).key();
  }

  @Override
  public int attempt() {
    return content instanceof Event<?> ? 1 : Delivery.super.attempt();
  }

  @Override
  public String topic() {
    return holder.topic.name;
  }

  @Override
  public String group() {
    return holder.group.name;
  }

  @Override
  public void ack() {
    holder.topic.ack(this);
  }

  @Override
  public void retryLater(Duration delay, Map<String, String> headers) {
    holder.topic.retryLater(holder, this, delay, headers);
  }

  @Override
  public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
    try {
      boolean settled = holder.topic.deadLetter(holder, this, headers);
      return settled
          ? CompletableFuture.completedFuture(null)
          : CompletableFuture.failedFuture(
              new EventBusException(
                  "Delivery of " + message().id() + " is no longer held by this consumer"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
