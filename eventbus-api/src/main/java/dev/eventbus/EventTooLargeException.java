package dev.eventbus;

/**
 * An event's encoded size is over the broker's limit. Thrown at publish; nothing was sent and
 * nothing was truncated.
 */
public class EventTooLargeException extends EventBusException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  /**
   * Creates the exception.
   *
   * @param eventId the id of the rejected event
   * @param size its encoded size in bytes
   * @param limit the limit in bytes
   * @param limitName where the limit comes from, for example {@code "kafka max.request.size"}
   */
  public EventTooLargeException(String eventId, long size, long limit, String limitName) {
    super(
        "Event "
            + eventId
            + " is "
            + size
            + " bytes encoded, over the limit of "
            + limit
            + " bytes ("
            + limitName
            + "); it was not published");
    this.size = size;
    this.limit = limit;
  }

  /**
   * Creates the exception for a broker that refused the event as too large without saying its
   * limit; {@link #limit()} is then -1.
   *
   * @param eventId the id of the rejected event
   * @param size its encoded size in bytes
   * @param limitName the limit, for example {@code "max.message.bytes of Kafka topic 'orders'"}
   */
  public EventTooLargeException(String eventId, long size, String limitName) {
    super(
        "Event "
            + eventId
            + " is "
            + size
            + " bytes encoded, over the "
            + limitName
            + "; it was not published");
    this.size = size;
    this.limit = -1;
  }

  /**
   * The encoded size of the rejected event.
   *
   * @return bytes
   */
  public long size() {
    return size;
  }

  /**
   * The limit it exceeded.
   *
   * @return bytes, or -1 when the broker did not say
   */
  public long limit() {
    return limit;
  }
}
