package dev.eventbus.eventsourcing;

import java.time.Instant;

/**
 * An event a projection skipped because it could not be decoded (unknown type, no upcasting path,
 * payload that no longer binds), recorded when the runner is configured with {@link
 * BadEventPolicy#DEAD_LETTER}. The event itself stays in the store at its position.
 *
 * @param projection the projection that skipped it
 * @param position the event's position in the global log
 * @param streamId the event's stream
 * @param version the event's version in its stream
 * @param eventId the event's id
 * @param type the stored {@code type}
 * @param eventVersion the stored {@code eventversion}, or null
 * @param error the decoding error, bounded to {@link #MAX_ERROR_LENGTH} characters
 * @param recordedAt when it was skipped
 */
public record ProjectionDeadLetter(
    String projection,
    long position,
    String streamId,
    long version,
    String eventId,
    String type,
    String eventVersion,
    String error,
    Instant recordedAt) {
  /** The longest error text kept. */
  public static final int MAX_ERROR_LENGTH = 2_000;
}
