package dev.eventbus.memory;

import dev.eventbus.BackpressureException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A topic: its retained log, its groups, and the one lock that guards them. */
final class MemoryTopic {
  final String name;
  final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final InMemoryBroker broker;
  private final Map<String, MemoryGroup> groups = new LinkedHashMap<>();
  private final ArrayDeque<Entry> retained = new ArrayDeque<>();
  private long seq;
  private int roundRobin;

  MemoryTopic(String name, InMemoryBroker broker) {
    this.name = name;
    this.broker = broker;
  }

  /** Appends to every group (or one group), waiting for room up to the send timeout. */
  void append(BrokerMessage message, String onlyGroup) {
    lock.lock();
    try {
      awaitRoom();
      int partitions = broker.partitions;
      String key = message.key();
      int p =
          key == null
              ? Math.floorMod(roundRobin++, partitions)
              : Math.floorMod(key.hashCode(), partitions);
      Entry e = new Entry(++seq, p, message);
      if (onlyGroup != null) {
        MemoryGroup g = groups.computeIfAbsent(onlyGroup, n -> new MemoryGroup(n, partitions));
        g.enqueue(e);
        g.pump();
        return;
      }
      if (broker.retainedEvents > 0) {
        retained.addLast(e);
        if (retained.size() > broker.retainedEvents) {
          retained.pollFirst();
        }
      }
      for (MemoryGroup g : groups.values()) {
        g.enqueue(e);
        g.pump();
      }
    } finally {
      lock.unlock();
    }
  }

  private void awaitRoom() {
    long left = broker.sendTimeout.toNanos();
    while (full()) {
      if (left <= 0) {
        throw new BackpressureException(
            "in-memory topic '"
                + name
                + "' (a group holds "
                + broker.maxQueuedPerGroup
                + " unsettled events)",
            broker.sendTimeout);
      }
      try {
        left = room.awaitNanos(left);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new BackpressureException(
            "in-memory topic '" + name + "' (interrupted)", Duration.ZERO);
      }
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
    lock.lock();
    try {
      MemoryGroup g = groups.get(group);
      if (g == null) {
        g = new MemoryGroup(group, broker.partitions);
        groups.put(group, g);
        if (start == StartPosition.EARLIEST) {
          for (Entry e : retained) {
            g.enqueue(e);
          }
        }
      }
      MemoryConsumer c = new MemoryConsumer(this, g, l, maxInFlight);
      g.consumers.add(c);
      g.rebalance();
      g.pump();
      return c;
    } finally {
      lock.unlock();
    }
  }

  /** Acks, or dead-letters then acks when headers are given. False if no longer held. */
  boolean settle(MemoryConsumer c, Entry e, Map<String, String> deadLetterHeaders) {
    lock.lock();
    try {
      if (!c.outstanding.contains(e)) {
        return false;
      }
      if (deadLetterHeaders != null) {
        broker.deadLetterStore.add(name, c.group.name, e.message().withHeaders(deadLetterHeaders));
      }
      c.outstanding.remove(e);
      c.group.inFlight[e.partition()]--;
      c.group.size--;
      room.signalAll();
      c.group.pump();
      return true;
    } finally {
      lock.unlock();
    }
  }

  void retryLater(MemoryConsumer c, Entry e, Duration delay, Map<String, String> headers) {
    Entry again;
    lock.lock();
    try {
      if (!c.outstanding.remove(e)) {
        return;
      }
      c.group.inFlight[e.partition()]--;
      again = new Entry(e.seq(), e.partition(), e.message().withHeaders(headers));
      if (delay.isZero() || delay.isNegative()) {
        c.group.partitions[e.partition()].addLast(again);
        c.group.pump();
        return;
      }
    } finally {
      lock.unlock();
    }
    Scheduler scheduler = broker.scheduler();
    scheduler.schedule(
        delay,
        () -> {
          lock.lock();
          try {
            if (!broker.isClosed()) {
              c.group.partitions[again.partition()].addLast(again);
              c.group.pump();
            }
          } finally {
            lock.unlock();
          }
        });
  }

  void closeAll() {
    lock.lock();
    try {
      for (MemoryGroup g : groups.values()) {
        for (MemoryConsumer c : g.consumers.toArray(new MemoryConsumer[0])) {
          c.close();
        }
      }
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
