package dev.eventbus.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A group's queues (one per partition) and its consumers. Guarded by the topic's lock. A partition
 * is fetched by the consumer it is assigned to; after a reassignment the new owner waits until the
 * previous owner settled what it had of that partition, so that per-key order holds across
 * rebalances.
 */
final class MemoryGroup {
  final String name;
  final ArrayDeque<MemoryDelivery>[] partitions;
  final int[] inFlight;
  final MemoryConsumer[] lastDeliverer;
  final MemoryConsumer[] owner;
  final List<MemoryConsumer> consumers = new ArrayList<>();
  int size;

  @SuppressWarnings("unchecked")
  MemoryGroup(String name, int partitionCount) {
    this.name = name;
    this.partitions = new ArrayDeque[partitionCount];
    for (int i = 0; i < partitionCount; i++) {
      partitions[i] = new ArrayDeque<>();
    }
    this.inFlight = new int[partitionCount];
    this.lastDeliverer = new MemoryConsumer[partitionCount];
    this.owner = new MemoryConsumer[partitionCount];
  }

  void enqueue(MemoryDelivery e) {
    partitions[e.partition()].addLast(e);
    size++;
  }

  void rebalance() {
    List<MemoryConsumer> active = new ArrayList<>();
    for (MemoryConsumer c : consumers) {
      if (c.fetching) {
        active.add(c);
      }
    }
    for (int p = 0; p < partitions.length; p++) {
      owner[p] = active.isEmpty() ? null : active.get(p % active.size());
    }
  }

  /** Hands out what each consumer has room for. Listener calls happen under the topic lock. */
  void pump() {
    for (MemoryConsumer c : consumers) {
      if (!c.fetching) {
        continue;
      }
      int n = partitions.length;
      boolean progress = true;
      while (c.credit() > 0 && progress) {
        progress = false;
        for (int i = 0; i < n && c.credit() > 0; i++) {
          int p = (c.cursor + i) % n;
          if (owner[p] != c || partitions[p].isEmpty()) {
            continue;
          }
          if (inFlight[p] > 0 && lastDeliverer[p] != c) {
            continue;
          }
          MemoryDelivery e = partitions[p].pollFirst();
          inFlight[p]++;
          lastDeliverer[p] = c;
          c.cursor = p + 1;
          c.deliver(e);
          progress = true;
        }
      }
    }
  }

  /** Puts entries back at the front of their partitions, in publish order. */
  void requeueFront(List<MemoryDelivery> entries) {
    entries.sort((a, b) -> Long.compare(b.seq(), a.seq()));
    for (MemoryDelivery e : entries) {
      partitions[e.partition()].addFirst(e);
      inFlight[e.partition()]--;
    }
  }
}
