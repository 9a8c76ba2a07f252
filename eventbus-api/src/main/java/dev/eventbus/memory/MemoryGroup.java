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
  private final ArrayDeque<MemoryDelivery>[] partitions;
  // Entries in the partitions' queues, not yet handed out: with none, pumping has nothing to do.
  private int queued;
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

  /** Entries waiting in the partitions' queues, not yet handed out. */
  int queued() {
    return queued;
  }

  void enqueue(MemoryDelivery e) {
    requeue(e);
    size++;
  }

  /** Queues an entry that the group already counts (a retry) at the end of its partition. */
  void requeue(MemoryDelivery e) {
    partitions[e.partition()].addLast(e);
    queued++;
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
    if (queued == 0) {
      return;
    }
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
          queued--;
          inFlight[p]++;
          lastDeliverer[p] = c;
          c.cursor = p + 1;
          c.deliver(e);
          progress = true;
        }
      }
    }
  }

  /**
   * Hands out what an append to one partition made deliverable. After every change the group is
   * pumped, so nothing that could be handed out is left waiting; an append changes no consumer's
   * credit and no partition's in-flight count, so only the appended partition can have become
   * deliverable, and only if it was empty before. That one check replaces a turn over every
   * partition of every consumer for each event.
   *
   * @param p the partition appended to
   */
  void pumpAppended(int p) {
    ArrayDeque<MemoryDelivery> queue = partitions[p];
    if (queue.size() != 1) {
      pump(); // a backlog: its head waits for credit or for a settlement, as before the append
      return;
    }
    MemoryConsumer c = owner[p];
    if (c == null || !c.fetching || c.credit() <= 0 || inFlight[p] > 0 && lastDeliverer[p] != c) {
      return;
    }
    MemoryDelivery e = queue.pollFirst();
    queued--;
    inFlight[p]++;
    lastDeliverer[p] = c;
    c.cursor = p + 1;
    c.deliver(e);
  }

  /** Puts entries back at the front of their partitions, in publish order. */
  void requeueFront(List<MemoryDelivery> entries) {
    entries.sort((a, b) -> Long.compare(b.seq(), a.seq()));
    for (MemoryDelivery e : entries) {
      partitions[e.partition()].addFirst(e);
      queued++;
      inFlight[e.partition()]--;
    }
  }
}
