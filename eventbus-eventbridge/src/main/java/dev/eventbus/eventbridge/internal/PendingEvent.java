package dev.eventbus.eventbridge.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * An event on its way to EventBridge: the entry, its size as EventBridge counts it, its future and
 * its attempts so far. Attempts are counted by the publisher's sender threads, one at a time.
 */
public final class PendingEvent {
  final PutEventsRequestEntry entry;
  final long size;
  final String eventId;
  final CompletableFuture<Void> future = new CompletableFuture<>();
  final long deadline;
  int attempts;

  /**
   * Creates a pending event.
   *
   * @param entry the entry
   * @param size its size as EventBridge counts it
   * @param eventId the event id, for messages
   * @param timeout how long it may take
   */
  public PendingEvent(PutEventsRequestEntry entry, long size, String eventId, Duration timeout) {
    this.entry = entry;
    this.size = size;
    this.eventId = eventId;
    this.deadline = System.nanoTime() + timeout.toNanos();
  }

  /**
   * Completes when EventBridge accepted the event, fails when it will not.
   *
   * @return the future
   */
  public CompletableFuture<Void> future() {
    return future;
  }
}
