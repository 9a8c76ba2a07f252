package dev.eventbus.eventsourcing;

import dev.eventbus.EventBusException;

/**
 * An append was rejected because the stream's version was not the expected one: someone else
 * appended to it since it was read. Nothing of the rejected append was stored. Reload the stream,
 * decide again, and append with the new version.
 */
public class ConcurrencyException extends EventBusException {
  private static final long serialVersionUID = 1L;

  private final String streamId;
  private final long expectedVersion;
  private final long actualVersion;

  /**
   * Creates the exception.
   *
   * @param streamId the stream
   * @param expectedVersion the version the append expected
   * @param actualVersion the stream's version when the append ran
   */
  public ConcurrencyException(String streamId, long expectedVersion, long actualVersion) {
    super(
        "Concurrent append to stream '"
            + streamId
            + "': expected version "
            + ExpectedVersion.describe(expectedVersion)
            + " but the stream is at version "
            + actualVersion);
    this.streamId = streamId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /**
   * The stream the append was for.
   *
   * @return the stream id
   */
  public String streamId() {
    return streamId;
  }

  /**
   * The version the append expected.
   *
   * @return an exact version or {@link ExpectedVersion#NO_STREAM}
   */
  public long expectedVersion() {
    return expectedVersion;
  }

  /**
   * The stream's version when the append ran.
   *
   * @return the actual version (0 for a stream without events)
   */
  public long actualVersion() {
    return actualVersion;
  }
}
