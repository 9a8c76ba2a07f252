package dev.eventbus.spi;

import java.util.List;

/**
 * A broker's dead-letter destinations, one per (topic, group), read and trimmed by the core's
 * broker-neutral {@code DeadLetters} API. Writing goes through {@link Delivery#deadLetter}.
 *
 * <p>Thread-safe. Messages come back with the dead-letter headers that were added when they were
 * written.
 */
public interface DeadLetterStore {
  /**
   * The oldest dead letters of a group, oldest first.
   *
   * @param topic the topic
   * @param group the group
   * @param max the most to return
   * @return up to {@code max} messages
   */
  List<BrokerMessage> list(String topic, String group, int max);

  /**
   * How many dead letters a group has.
   *
   * @param topic the topic
   * @param group the group
   * @return the count
   */
  long count(String topic, String group);

  /**
   * Removes one dead letter, after it was redriven or on request.
   *
   * @param topic the topic
   * @param group the group
   * @param deadLetterId the value of the message's {@code eventbus-dlq-id} header ({@code
   *     dev.eventbus.DeadLetter#ID_HEADER}), which the core always sets: the event id, or a
   *     generated id for a foreign message without one. Adapters key dead letters by it.
   * @return whether one was removed
   */
  boolean delete(String topic, String group, String deadLetterId);

  /**
   * Removes every dead letter of a group.
   *
   * @param topic the topic
   * @param group the group
   * @return how many were removed
   */
  long purge(String topic, String group);
}
