package dev.eventbus.eventsourcing;

import dev.eventbus.spi.BrokerMessage;
import java.util.Objects;

/**
 * An aggregate's state after the event at {@code version} of its stream, encoded by the core's
 * serializer like an event (the state class is its payload type, so register it with the bus and
 * evolve it with upcasters like any event type).
 *
 * @param streamId the aggregate's stream
 * @param version the stream version the state includes
 * @param state the encoded state
 */
public record Snapshot(String streamId, long version, BrokerMessage state) {
  /**
   * Validates the components.
   *
   * @param streamId the aggregate's stream
   * @param version the stream version the state includes, at least 1
   * @param state the encoded state
   */
  public Snapshot {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(state, "state");
    if (version < 1) {
      throw new IllegalArgumentException("A snapshot's version is at least 1, got " + version);
    }
  }
}
