package dev.eventbus.kafka.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The deliveries of one subscription settled since its poll thread last looked: a lock-free stack
 * (the reference is its head) that any thread pushes to and the poll thread takes whole. Entries
 * carry their own link and depth, so a settlement allocates nothing; the one push that reaches
 * {@link #wakeAtDepth} wakes the poll thread.
 */
@SuppressWarnings("serial") // never serialized
final class SettlementStack extends AtomicReference<PartitionProgress.Entry> {
  static final int NEVER = Integer.MAX_VALUE;

  private final Runnable wakeup;
  // The depth at which a push wakes the poll thread; NEVER while it is not polling.
  volatile int wakeAtDepth = NEVER;

  SettlementStack(Runnable wakeup) {
    this.wakeup = wakeup;
  }

  /**
   * Pushes a settled entry, from any thread, once per entry (a delivery settles once, and the one
   * that replaces a delivery whose retry write failed never had it settled).
   */
  void push(PartitionProgress.Entry entry) {
    if (entry.settledDepth != 0) {
      return; // pushed already: a second push would make the stack a cycle
    }
    PartitionProgress.Entry head;
    do {
      head = get();
      entry.nextSettled = head;
      entry.settledDepth = head == null ? 1 : head.settledDepth + 1;
    } while (!compareAndSet(head, entry));
    if (entry.settledDepth == wakeAtDepth) {
      wakeup.run(); // exactly one settlement reaches the depth
    }
  }

  /** Takes every entry pushed so far; poll thread only. */
  PartitionProgress.Entry takeAll() {
    return getAndSet(null);
  }
}
