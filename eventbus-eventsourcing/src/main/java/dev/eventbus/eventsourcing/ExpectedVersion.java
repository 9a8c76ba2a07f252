package dev.eventbus.eventsourcing;

/**
 * Values of the {@code expectedVersion} argument of {@link EventStore#append}, besides an exact
 * stream version.
 *
 * <p>Stream versions count events: the first event of a stream has version 1, so a stream that does
 * not exist has version 0. Passing the version read when an aggregate was loaded makes the append
 * fail with {@link ConcurrencyException} if anyone appended to the stream since.
 */
public final class ExpectedVersion {
  /** Append whatever the stream's current version is: no concurrency check. */
  public static final long ANY = -1;

  /** The stream must not exist yet (it has no events): the same as an exact version of 0. */
  public static final long NO_STREAM = 0;

  private ExpectedVersion() {}

  /**
   * A readable form of an expected version, for messages.
   *
   * @param expectedVersion an exact version, {@link #ANY} or {@link #NO_STREAM}
   * @return for example {@code "3"}, {@code "ANY"} or {@code "NO_STREAM"}
   */
  public static String describe(long expectedVersion) {
    if (expectedVersion == ANY) {
      return "ANY";
    }
    if (expectedVersion == NO_STREAM) {
      return "NO_STREAM";
    }
    return Long.toString(expectedVersion);
  }
}
