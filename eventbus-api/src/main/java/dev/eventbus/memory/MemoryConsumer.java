package dev.eventbus.memory;

import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.DeliveryListener;
import java.util.ArrayList;
import java.util.List;

/**
 * One consumer of a group: its credit, what it holds unsettled (a table of at most its in-flight
 * bound, indexed from the deliveries themselves), and its listener. Guarded by the topic's lock.
 */
final class MemoryConsumer implements BrokerSubscription {
  final MemoryTopic topic;
  final MemoryGroup group;
  final DeliveryListener listener;
  final int maxInFlight;
  private final MemoryDelivery[] unsettled;
  private final int[] freeSlots;
  private int outstanding; // also the number of slots in use: freeSlots[outstanding..] are free
  boolean fetching = true;
  boolean closed;
  int cursor;

  MemoryConsumer(MemoryTopic topic, MemoryGroup group, DeliveryListener listener, int maxInFlight) {
    this.topic = topic;
    this.group = group;
    this.listener = listener;
    this.maxInFlight = maxInFlight;
    this.unsettled = new MemoryDelivery[maxInFlight];
    this.freeSlots = new int[maxInFlight];
    for (int i = 0; i < maxInFlight; i++) {
      freeSlots[i] = i;
    }
  }

  int credit() {
    return maxInFlight - outstanding;
  }

  /** Hands a delivery to the listener; only while {@link #credit()} is above zero. */
  void deliver(MemoryDelivery d) {
    int slot = freeSlots[outstanding++];
    unsettled[slot] = d;
    d.slot = slot;
    d.holder = this;
    listener.onDelivery(d);
  }

  boolean held(MemoryDelivery d) {
    return d.holder == this && d.slot >= 0;
  }

  /** Whether this consumer holds the delivery; if so it no longer does. */
  boolean release(MemoryDelivery d) {
    if (!held(d)) {
      return false;
    }
    unsettled[d.slot] = null;
    freeSlots[--outstanding] = d.slot;
    d.slot = -1;
    return true;
  }

  /** Gives up every unsettled delivery: fresh copies of them, for the group to queue again. */
  private List<MemoryDelivery> releaseAll() {
    List<MemoryDelivery> copies = new ArrayList<>(outstanding);
    for (int i = 0; i < unsettled.length; i++) {
      MemoryDelivery d = unsettled[i];
      if (d != null) {
        unsettled[i] = null;
        d.slot = -1;
        copies.add(d.again());
      }
    }
    for (int i = 0; i < freeSlots.length; i++) {
      freeSlots[i] = i;
    }
    outstanding = 0;
    return copies;
  }

  @Override
  public void stopFetching() {
    topic.lock();
    try {
      if (fetching) {
        fetching = false;
        group.rebalance();
        group.pump();
      }
    } finally {
      topic.unlock();
    }
  }

  @Override
  public void close() {
    topic.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      fetching = false;
      group.consumers.remove(this);
      group.requeueFront(releaseAll());
      group.rebalance();
      group.pump();
    } finally {
      topic.unlock();
    }
  }

  @Override
  public SubscriptionState state() {
    topic.lock();
    try {
      if (closed) {
        return SubscriptionState.STOPPED;
      }
      return credit() <= 0 ? SubscriptionState.PAUSED : SubscriptionState.RUNNING;
    } finally {
      topic.unlock();
    }
  }
}
