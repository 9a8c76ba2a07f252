package dev.eventbus.eventbridge;

/** The kind of SQS queue each group consumes from. */
public enum QueueType {
  /**
   * Standard queues: nearly unlimited throughput, at-least-once, no order. Handlers of a group run
   * concurrently up to the group's concurrency. The default.
   */
  STANDARD,

  /**
   * FIFO queues ({@code .fifo}) with content-based deduplication. EventBridge rule targets give
   * every message of a queue the same static {@code MessageGroupId} (the group name), so SQS hands
   * out one batch at a time and a message held for retry holds back the whole queue. EventBridge
   * itself does not keep publish order, so this does not make the broker ordered by key; it removes
   * EventBridge's own duplicate deliveries within SQS's five-minute deduplication window.
   */
  FIFO
}
