package dev.eventbus.eventsourcing;

import java.util.Optional;

/**
 * A projection's progress, from {@link ProjectionRunner#status(String)}.
 *
 * @param name the projection
 * @param state its state
 * @param checkpoint the last position applied and stored
 * @param lag how many events of the log it has not applied yet (head position minus checkpoint)
 * @param failure why it failed or is retrying, if it is
 */
public record ProjectionStatus(
    String name, ProcessingState state, long checkpoint, long lag, Optional<Throwable> failure) {}
