package dev.eventbus.memory;

import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.DeliveryListener;
import java.util.ArrayList;
import java.util.List;

/**
 * One consumer of a group: its credit, what it holds unsettled (a linked list through the
 * deliveries themselves), and its listener. Guarded by the topic's lock.
 */
final class MemoryConsumer implements BrokerSubscription {
  final MemoryTopic topic;
  final MemoryGroup group;
  final DeliveryListener listener;
  final int maxInFlight;
  private final MemoryDelivery unsettled = new MemoryDelivery(); // sentinel; oldest first
  private int outstanding;
  boolean fetching = true;
  boolean closed;
  int cursor;

  MemoryConsumer(MemoryTopic topic, MemoryGroup group, DeliveryListener listener, int maxInFlight) {
    this.topic = topic;
    this.group = group;
    this.listener = listener;
    this.maxInFlight = maxInFlight;
  }

  int credit() {
    return maxInFlight - outstanding;
  }

  void deliver(MemoryDelivery d) {
    d.holder = this;
    MemoryDelivery last = unsettled.previous;
    d.previous = last;
    d.next = unsettled;
    last.next = d;
    unsettled.previous = d;
    outstanding++;
    listener.onDelivery(d);
  }

  boolean held(MemoryDelivery d) {
    return d.holder == this && d.next != null;
  }

  /** Whether this consumer holds the delivery; if so it no longer does. */
  boolean release(MemoryDelivery d) {
    if (!held(d)) {
      return false;
    }
    d.previous.next = d.next;
    d.next.previous = d.previous;
    d.previous = null;
    d.next = null;
    outstanding--;
    return true;
  }

  /** Gives up every unsettled delivery: fresh copies of them, for the group to queue again. */
  private List<MemoryDelivery> releaseAll() {
    List<MemoryDelivery> copies = new ArrayList<>(outstanding);
    for (MemoryDelivery d = unsettled.next; d != unsettled; ) {
      MemoryDelivery following = d.next;
      d.previous = null;
      d.next = null;
      copies.add(d.again());
      d = following;
    }
    unsettled.previous = unsettled;
    unsettled.next = unsettled;
    outstanding = 0;
    return copies;
  }

  @Override
  public void stopFetching() {
    topic.lock.lock();
    try {
      if (fetching) {
        fetching = false;
        group.rebalance();
        group.pump();
      }
    } finally {
      topic.lock.unlock();
    }
  }

  @Override
  public void close() {
    topic.lock.lock();
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
      topic.lock.unlock();
    }
  }

  @Override
  public SubscriptionState state() {
    topic.lock.lock();
    try {
      if (closed) {
        return SubscriptionState.STOPPED;
      }
      return credit() <= 0 ? SubscriptionState.PAUSED : SubscriptionState.RUNNING;
    } finally {
      topic.lock.unlock();
    }
  }
}
