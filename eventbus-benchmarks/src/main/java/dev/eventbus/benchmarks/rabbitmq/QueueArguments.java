package dev.eventbus.benchmarks.rabbitmq;

import dev.eventbus.rabbitmq.QueueType;
import java.util.HashMap;
import java.util.Map;

/**
 * The arguments the adapter declares a group's queues with by default, so that the server does the
 * same work for every side: the group queue of the case's type, dead-lettering to a classic {@code
 * .dlq} queue (at-least-once, with {@code reject-publish} overflow, for quorum queues), no single
 * active consumer (per-key order is off by default).
 */
final class QueueArguments {
  private QueueArguments() {}

  /**
   * The group queue's name.
   *
   * @param topic the topic (the exchange)
   * @param group the group
   * @return {@code topic.group}, as the adapter names it
   */
  static String queue(String topic, String group) {
    return topic + "." + group;
  }

  /**
   * The dead-letter queue's name.
   *
   * @param queue the group queue
   * @return {@code queue.dlq}
   */
  static String deadLetterQueue(String queue) {
    return queue + ".dlq";
  }

  /**
   * The group queue's arguments.
   *
   * @param type the queue type
   * @param deadLetterQueue where rejected messages go
   * @return a new map
   */
  static Map<String, Object> group(QueueType type, String deadLetterQueue) {
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", type == QueueType.QUORUM ? "quorum" : "classic");
    args.put("x-dead-letter-exchange", "");
    args.put("x-dead-letter-routing-key", deadLetterQueue);
    if (type == QueueType.QUORUM) {
      args.put("x-dead-letter-strategy", "at-least-once");
      args.put("x-overflow", "reject-publish");
    }
    return args;
  }

  /**
   * The dead-letter queue's arguments: always a classic queue.
   *
   * @return a new map
   */
  static Map<String, Object> deadLetter() {
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", "classic");
    return args;
  }
}
