package dev.eventbus.benchmarks.load;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The two per-event CloudEvents attribute values a hand-written producer computes: a time-ordered
 * {@code id} and an RFC 3339 {@code time}. Shared by the "raw client + envelope" baselines of the
 * load harnesses. Thread-safe.
 */
public final class CloudEventsText {
  /** The {@code source} the baselines write. */
  public static final String SOURCE = "urn:eventbus:bench";

  /** The {@code type} the baselines write and check. */
  public static final String TYPE = LoadPayload.class.getSimpleName();

  private volatile Second second = new Second(-1, "");

  /**
   * A UUID version 7: the time in its high bits, the rest random.
   *
   * @param epochMillis the time
   * @return the id
   */
  public static String id(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /**
   * RFC 3339 with milliseconds. The formatted second is kept, so that only the milliseconds are
   * printed per event; a race between threads formats the same second twice, harmlessly.
   *
   * @param epochMillis the time
   * @return the text
   */
  public String time(long epochMillis) {
    long epochSecond = Math.floorDiv(epochMillis, 1000);
    Second s = second;
    if (s.epochSecond != epochSecond) {
      String full = Instant.ofEpochSecond(epochSecond).toString(); // yyyy-MM-ddTHH:mm:ssZ
      s = new Second(epochSecond, full.substring(0, full.length() - 1));
      second = s;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000L);
    StringBuilder sb = new StringBuilder(24).append(s.prefix).append('.');
    if (millis < 100) {
      sb.append('0');
    }
    if (millis < 10) {
      sb.append('0');
    }
    return sb.append(millis).append('Z').toString();
  }

  private record Second(long epochSecond, String prefix) {}
}
