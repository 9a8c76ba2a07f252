package dev.eventbus.eventsourcing;

import java.util.Objects;

/**
 * An aggregate as loaded by an {@link AggregateRepository}: its state after replaying its stream,
 * and the stream version that state includes (the expected version of the next append).
 *
 * @param streamId the aggregate's stream
 * @param state the state after the event at {@code version}; the initial state if {@code version}
 *     is 0
 * @param version the number of events applied
 * @param <S> the state type
 */
public record Aggregate<S>(String streamId, S state, long version) {
  /**
   * Validates the components.
   *
   * @param streamId the aggregate's stream
   * @param state the state
   * @param version the number of events applied, at least 0
   */
  public Aggregate {
    Objects.requireNonNull(streamId, "streamId");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
  }

  /**
   * Whether the stream has no events yet.
   *
   * @return true for an aggregate that was never created
   */
  public boolean isNew() {
    return version == 0;
  }
}
