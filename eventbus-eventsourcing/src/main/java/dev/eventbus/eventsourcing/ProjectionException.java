package dev.eventbus.eventsourcing;

import dev.eventbus.EventBusException;

/**
 * A projection stopped: an event could not be decoded, or the projection threw. The message names
 * the projection and the event (position, stream, version, id, type); the cause is the original
 * failure.
 */
public class ProjectionException extends EventBusException {
  private static final long serialVersionUID = 1L;

  private final String projection;
  private final long position;

  /**
   * Creates the exception.
   *
   * @param projection the projection
   * @param position the position of the event it stopped at
   * @param message what happened
   * @param cause the original failure
   */
  public ProjectionException(String projection, long position, String message, Throwable cause) {
    super(message, cause);
    this.projection = projection;
    this.position = position;
  }

  /**
   * The projection that stopped.
   *
   * @return its name
   */
  public String projection() {
    return projection;
  }

  /**
   * The position of the event it stopped at.
   *
   * @return the position
   */
  public long position() {
    return position;
  }
}
