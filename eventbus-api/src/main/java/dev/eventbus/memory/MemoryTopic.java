package dev.eventbus.memory;

import dev.eventbus.BackpressureException;
import dev.eventbus.Event;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A topic: its retained log, its groups, and the one lock that guards them.
 *
 * <p>Acks do not wait for the lock: a handler thread pushes its delivery onto a lock-free stack and
 * applies the stack only if the lock is free; otherwise the thread holding it applies the stack
 * before it lets go. Every holder of the lock applies the acks pushed so far first, so what it sees
 * is as if each ack had taken the lock itself, only later.
 */
final class MemoryTopic {
  private static final MemoryDelivery BOTTOM = new MemoryDelivery();
  private static final long ROOM_RECHECK_NANOS = 1_000_000;
  // Tries of a taken lock before queueing for it (see lock()).
  private static final int LOCK_SPINS = 100;

  final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicReference<MemoryDelivery> acks = new AtomicReference<>();
  private final Condition room = lock.newCondition();
  private final InMemoryBroker broker;
  private final Map<String, MemoryGroup> groups = new LinkedHashMap<>();
  private final ArrayDeque<MemoryDelivery> retained = new ArrayDeque<>(); // templates to copy
  private long seq;
  private int roundRobin;
  private int waitingForRoom;

  MemoryTopic(String name, InMemoryBroker broker) {
    this.name = name;
    this.broker = broker;
  }

  /**
   * Appends to every group (or one group), waiting for room up to the send timeout or the deadline
   * (a {@code System.nanoTime()} reading), whichever comes first.
   */
  void append(BrokerMessage message, String onlyGroup, long deadline) {
    if (Broker.passed(deadline)) {
      throw Broker.deadlinePassed(message.id(), broker.name());
    }
    append(message, message.key(), null, onlyGroup, deadline);
  }

  /**
   * Appends an event by reference to every group, waiting for room as above. Accepted at once while
   * there is room, so only that wait reads the deadline: a clock read per event was a tenth of the
   * cost of this path.
   */
  void append(Event<?> event, Function<Event<?>, BrokerMessage> encoder, long deadline) {
    append(event, event.partitionKey(), encoder, null, deadline);
  }

  private MemoryDelivery delivery(
      long n, int p, Object content, Function<Event<?>, BrokerMessage> encoder) {
    return content instanceof Event<?> e
        ? new MemoryDelivery(n, p, e, encoder)
        : new MemoryDelivery(n, p, (BrokerMessage) content);
  }

  private void append(
      Object content,
      String key,
      Function<Event<?>, BrokerMessage> encoder,
      String onlyGroup,
      long deadline) {
    lock();
    try {
      awaitRoom(deadline);
      int partitions = broker.partitions;
      int p =
          key == null
              ? Math.floorMod(roundRobin++, partitions)
              : Math.floorMod(key.hashCode(), partitions);
      long n = ++seq;
      if (onlyGroup != null) {
        MemoryGroup g =
            groups.computeIfAbsent(onlyGroup, name -> new MemoryGroup(name, partitions));
        g.enqueue(delivery(n, p, content, encoder));
        g.pumpAppended(p);
        return;
      }
      MemoryDelivery template = null;
      for (MemoryGroup g : groups.values()) {
        MemoryDelivery d = delivery(n, p, content, encoder);
        template = template == null ? d : template;
        g.enqueue(d);
      }
      if (broker.retainedEvents > 0) {
        retained.addLast(template != null ? template : delivery(n, p, content, encoder));
        if (retained.size() > broker.retainedEvents) {
          retained.pollFirst();
        }
      }
      for (MemoryGroup g : groups.values()) {
        g.pumpAppended(p);
      }
    } finally {
      unlock();
    }
  }

  private void awaitRoom(long deadline) {
    if (!full()) {
      return;
    }
    long began = System.nanoTime();
    long timeout = broker.sendTimeout.toNanos();
    long until = deadline - (began + timeout) < 0 ? deadline : began + timeout;
    long left = until - began;
    while (full()) {
      if (left <= 0) {
        throw new BackpressureException(
            "in-memory topic '"
                + name
                + "' (a group holds "
                + broker.maxQueuedPerGroup
                + " unsettled events)",
            Duration.ofNanos(Math.max(0, until - began)));
      }
      waitingForRoom++;
      try {
        // Waiting lets go of the lock without unlock(): an ack pushed just before then found the
        // lock taken and left its application to this thread. Look at the acks every millisecond.
        room.awaitNanos(Math.min(left, ROOM_RECHECK_NANOS));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new BackpressureException(
            "in-memory topic '" + name + "' (interrupted)", Duration.ZERO);
      } finally {
        waitingForRoom--;
      }
      left = until - System.nanoTime();
      applyAcks();
    }
  }

  private boolean full() {
    for (MemoryGroup g : groups.values()) {
      if (g.size >= broker.maxQueuedPerGroup) {
        return true;
      }
    }
    return false;
  }

  MemoryConsumer subscribe(String group, int maxInFlight, StartPosition start, DeliveryListener l) {
    lock();
    try {
      MemoryGroup g = groups.get(group);
      if (g == null) {
        g = new MemoryGroup(group, broker.partitions);
        groups.put(group, g);
        if (start == StartPosition.EARLIEST) {
          for (MemoryDelivery e : retained) {
            g.enqueue(e.again());
          }
        }
      }
      MemoryConsumer c = new MemoryConsumer(this, g, l, maxInFlight);
      g.consumers.add(c);
      g.rebalance();
      g.pump();
      return c;
    } finally {
      unlock();
    }
  }

  /** Events waiting in a group's queues, not yet handed to a consumer; 0 for an unknown group. */
  int waiting(String group) {
    lock();
    try {
      MemoryGroup g = groups.get(group);
      return g == null ? 0 : g.queued();
    } finally {
      unlock();
    }
  }

  /**
   * Takes the lock and applies the acks pushed until now. A holder keeps the lock for an append, an
   * ack or a pump, usually well under a microsecond and a few microseconds when a hand-off wakes a
   * handler thread. So a thread that finds it taken tries again for a few microseconds before it
   * queues: parking costs the waiter a futex wait and the holder's unlock a wake, each more than
   * the holder's usual turn.
   */
  void lock() {
    if (!lock.tryLock()) {
      spinThenLock();
    }
    applyAcks();
  }

  private void spinThenLock() {
    for (int i = 0; i < LOCK_SPINS; i++) {
      Thread.onSpinWait();
      if (lock.tryLock()) {
        return;
      }
    }
    lock.lock();
  }

  /** Lets go of the lock, then applies acks pushed meanwhile if the lock is still free. */
  void unlock() {
    applyAcks();
    lock.unlock();
    while (acks.get() != null && lock.tryLock()) {
      try {
        applyAcks();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Acks a delivery: at most once, whatever the thread, without waiting for the lock. */
  void ack(MemoryDelivery d) {
    if (!d.markAcked()) {
      return;
    }
    MemoryDelivery top;
    do {
      top = acks.get();
      d.nextAcked = top == null ? BOTTOM : top;
    } while (!acks.compareAndSet(top, d));
    if (lock.tryLock()) {
      unlock();
    }
  }

  /** Under the lock: settles every pushed ack, then hands out the credit they freed. */
  private void applyAcks() {
    MemoryDelivery d = acks.getAndSet(null);
    if (d == null) {
      return;
    }
    MemoryGroup pumped = null;
    boolean several = false;
    for (; d != BOTTOM; d = d.nextAcked) {
      MemoryConsumer c = d.holder;
      if (c.release(d)) {
        c.group.inFlight[d.partition()]--;
        c.group.size--;
        if (pumped != c.group) {
          several |= pumped != null;
          pumped = c.group;
        }
      }
    }
    if (waitingForRoom > 0) {
      room.signalAll();
    }
    if (several) {
      groups.values().forEach(MemoryGroup::pump);
    } else if (pumped != null) {
      pumped.pump();
    }
  }

  /** Dead-letters then acks. False if no longer held. */
  boolean deadLetter(MemoryConsumer c, MemoryDelivery d, Map<String, String> deadLetterHeaders) {
    lock();
    try {
      if (!c.held(d) || d.nextAcked != null) {
        return false;
      }
      broker.deadLetterStore.add(name, c.group.name, d.message().withHeaders(deadLetterHeaders));
      c.release(d);
      c.group.inFlight[d.partition()]--;
      c.group.size--;
      if (waitingForRoom > 0) {
        room.signalAll();
      }
      c.group.pump();
      return true;
    } finally {
      unlock();
    }
  }

  void retryLater(MemoryConsumer c, MemoryDelivery d, Duration delay, Map<String, String> headers) {
    MemoryDelivery again;
    lock();
    try {
      if (d.nextAcked != null || !c.release(d)) {
        return;
      }
      c.group.inFlight[d.partition()]--;
      again = d.again(d.message().withHeaders(headers));
      if (delay.isZero() || delay.isNegative()) {
        c.group.requeue(again);
        c.group.pump();
        return;
      }
    } finally {
      unlock();
    }
    Scheduler scheduler = broker.scheduler();
    scheduler.schedule(
        delay,
        () -> {
          lock();
          try {
            if (!broker.isClosed()) {
              c.group.requeue(again);
              c.group.pump();
            }
          } finally {
            unlock();
          }
        });
  }

  void closeAll() {
    lock();
    try {
      for (MemoryGroup g : groups.values()) {
        for (MemoryConsumer c : g.consumers.toArray(new MemoryConsumer[0])) {
          c.close();
        }
      }
      room.signalAll();
    } finally {
      unlock();
    }
  }
}
