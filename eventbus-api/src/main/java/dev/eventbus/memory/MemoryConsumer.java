package dev.eventbus.memory;

import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.DeliveryListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/** One consumer of a group: its credit, what it holds unsettled, and its listener. */
final class MemoryConsumer implements BrokerSubscription {
  final MemoryTopic topic;
  final MemoryGroup group;
  final DeliveryListener listener;
  final int maxInFlight;
  final Set<Entry> outstanding = new HashSet<>();
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
    return maxInFlight - outstanding.size();
  }

  void deliver(Entry e) {
    outstanding.add(e);
    listener.onDelivery(new MemoryDelivery(this, e));
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
      group.requeueFront(new ArrayList<>(outstanding));
      outstanding.clear();
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
