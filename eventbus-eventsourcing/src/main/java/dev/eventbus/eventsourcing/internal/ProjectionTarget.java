package dev.eventbus.eventsourcing.internal;

import dev.eventbus.EventDecodingException;
import dev.eventbus.eventsourcing.BadEventPolicy;
import dev.eventbus.eventsourcing.ProjectionDeadLetter;
import dev.eventbus.eventsourcing.ProjectionException;
import dev.eventbus.eventsourcing.RecordedEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;

/** A projection with its checkpoint: how a page is applied and stored, and how it is reset. */
public interface ProjectionTarget {
  /**
   * The projection's name.
   *
   * @return the name
   */
  String name();

  /**
   * The stored checkpoint.
   *
   * @return the last position applied, 0 for none
   */
  long checkpoint();

  /**
   * Applies a page and stores the checkpoint. On a failure at an event, what came before it is
   * stored if that can be done without applying anything twice, and reported to {@code stored}.
   *
   * @param page the events
   * @param policy what to do with an event that does not decode
   * @param stored told each position up to which the read model and checkpoint are stored
   * @throws Exception a {@link ProjectionException} naming the event it failed at
   */
  void applyPage(List<RecordedEvent> page, BadEventPolicy policy, LongConsumer stored)
      throws Exception;

  /**
   * Clears the read model, the checkpoint and the dead letters.
   *
   * @throws Exception on failure
   */
  void reset() throws Exception;

  /**
   * The events skipped so far.
   *
   * @return the dead letters
   */
  List<ProjectionDeadLetter> deadLetters();

  /**
   * Decodes an event before it is applied.
   *
   * @param name the projection
   * @param event the event
   * @param policy the policy
   * @return null if it decodes, or the dead letter to record under {@link
   *     BadEventPolicy#DEAD_LETTER}
   * @throws ProjectionException if it does not decode under {@link BadEventPolicy#STOP}
   */
  static ProjectionDeadLetter decode(String name, RecordedEvent event, BadEventPolicy policy) {
    try {
      event.event();
      return null;
    } catch (EventDecodingException e) {
      if (policy == BadEventPolicy.STOP) {
        throw new ProjectionException(
            name, event.position(), "Projection '" + name + "' stopped: " + e.getMessage(), e);
      }
      String error = String.valueOf(e.getMessage());
      return new ProjectionDeadLetter(
          name,
          event.position(),
          event.streamId(),
          event.version(),
          event.id(),
          event.type(),
          event.storedEventVersion(),
          error.length() > ProjectionDeadLetter.MAX_ERROR_LENGTH
              ? error.substring(0, ProjectionDeadLetter.MAX_ERROR_LENGTH)
              : error,
          Instant.now());
    }
  }

  /**
   * Wraps a failure of the projection's code.
   *
   * @param name the projection
   * @param event the event it failed at
   * @param cause the failure
   * @return the exception naming both
   */
  static ProjectionException failed(String name, RecordedEvent event, Throwable cause) {
    return new ProjectionException(
        name,
        event.position(),
        "Projection '"
            + name
            + "' failed at position "
            + event.position()
            + " (stream '"
            + event.streamId()
            + "' version "
            + event.version()
            + ", id "
            + event.id()
            + ", type "
            + event.type()
            + "): "
            + cause,
        cause);
  }
}
