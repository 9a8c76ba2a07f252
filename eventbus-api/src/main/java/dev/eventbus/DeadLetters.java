package dev.eventbus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Lists, inspects, redrives and purges a group's dead letters, the same way on every broker.
 * Thread-safe; every method is synchronous and talks to the broker.
 *
 * <pre>{@code
 * DeadLetters dlq = bus.deadLetters();
 * for (DeadLetter d : dlq.list("orders", "billing", 20)) {
 *   System.out.println(d.eventId() + " " + d.reason() + " " + d.exceptionMessage());
 * }
 * long redriven = dlq.redrive("orders", "billing", 1000, 50.0); // at most 50 events per second
 * }</pre>
 */
public interface DeadLetters {
  /**
   * The oldest dead letters of a group, oldest first.
   *
   * @param topic the topic
   * @param group the group
   * @param max the most to return (1 to 10000)
   * @return the dead letters
   */
  List<DeadLetter> list(String topic, String group, int max);

  /**
   * How many dead letters a group has.
   *
   * @param topic the topic
   * @param group the group
   * @return the count
   */
  long count(String topic, String group);

  /**
   * One dead letter by its id ({@link DeadLetter#id()}: the event id, or the id generated for a
   * foreign message that had none).
   *
   * @param topic the topic
   * @param group the group
   * @param id the dead letter's id
   * @return the dead letter, if present
   */
  Optional<DeadLetter> inspect(String topic, String group, String id);

  /**
   * Sends dead letters back to the group (not to other groups of the topic), oldest first, at a
   * bounded rate, and removes each from the dead letters once the broker accepted it. The
   * redelivered event starts again at attempt 1; its dead-letter headers are removed. Stops early
   * if a send fails, and throws: what was redriven stays redriven.
   *
   * @param topic the topic
   * @param group the group
   * @param max the most to redrive
   * @param perSecond the most to send per second (greater than 0)
   * @return how many were redriven
   */
  long redrive(String topic, String group, int max, double perSecond);

  /**
   * Redrives one dead letter.
   *
   * @param topic the topic
   * @param group the group
   * @param id the dead letter's id
   * @param timeout how long to wait for the broker
   * @return whether it was found and redriven
   */
  boolean redriveOne(String topic, String group, String id, Duration timeout);

  /**
   * Removes one dead letter without redriving it.
   *
   * @param topic the topic
   * @param group the group
   * @param id the dead letter's id
   * @return whether one was removed
   */
  boolean delete(String topic, String group, String id);

  /**
   * Removes every dead letter of a group.
   *
   * @param topic the topic
   * @param group the group
   * @return how many were removed
   */
  long purge(String topic, String group);
}
