package dev.eventbus.benchmarks.load;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The payload the load harnesses send. Raw clients send {@link #rawBody(int, long)} bytes: the
 * intended send time in the first eight bytes, then filler up to the payload size. Adapters send
 * this record, whose JSON encoding has about the same size.
 *
 * @param intendedNanos the {@link System#nanoTime()} at which the message was meant to be sent
 * @param data filler
 */
public record LoadPayload(long intendedNanos, String data) {
  /** {@code {"intendedNanos":,"data":""}} plus 15 digits: the JSON without the filler. */
  private static final int JSON_OVERHEAD = 30 + 15;

  /**
   * Filler for a JSON encoding of about {@code size} bytes.
   *
   * @param size the payload size in bytes
   * @return the filler string, shared by every message of that size
   */
  public static String filler(int size) {
    char[] chars = new char[Math.max(0, size - JSON_OVERHEAD)];
    Arrays.fill(chars, 'x');
    return new String(chars);
  }

  /**
   * A raw message body of exactly {@code size} bytes (at least 8).
   *
   * @param size the payload size
   * @param intendedNanos the intended send time
   * @return a new array
   */
  public static byte[] rawBody(int size, long intendedNanos) {
    byte[] body = new byte[Math.max(Long.BYTES, size)];
    ByteBuffer.wrap(body).putLong(intendedNanos);
    return body;
  }

  /**
   * The intended send time in a raw body.
   *
   * @param body a body made by {@link #rawBody(int, long)}
   * @return the time
   */
  public static long intendedNanos(byte[] body) {
    return ByteBuffer.wrap(body).getLong();
  }
}
