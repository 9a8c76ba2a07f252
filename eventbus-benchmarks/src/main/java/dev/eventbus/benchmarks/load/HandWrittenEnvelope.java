package dev.eventbus.benchmarks.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a hand-written producer and consumer compute per event for the CloudEvents envelope the
 * adapters must write: a time-ordered {@code id}, an RFC 3339 {@code time}, the payload as JSON,
 * and on the way back the payload decoded. Shared by the "raw client + envelope" baselines of the
 * load harnesses, which add only their protocol's headers. Thread-safe.
 */
public final class HandWrittenEnvelope {
  /** The {@code source} the baselines write. */
  public static final String SOURCE = "urn:eventbus:bench";

  /** The {@code type} the baselines write and check. */
  public static final String TYPE = LoadPayload.class.getSimpleName();

  /** The {@code datacontenttype} the baselines write. */
  public static final String CONTENT_TYPE = "application/json";

  private final String filler;
  private final ObjectWriter writer;
  private final ObjectReader reader;
  private volatile Second second = new Second(-1, "");

  /**
   * An envelope for payloads of a size.
   *
   * @param payloadSize the JSON payload's size, about
   */
  public HandWrittenEnvelope(int payloadSize) {
    ObjectMapper mapper =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    this.filler = LoadPayload.filler(payloadSize);
    this.writer = mapper.writerFor(LoadPayload.class);
    this.reader = mapper.readerFor(LoadPayload.class);
  }

  /**
   * The JSON body of an event.
   *
   * @param intendedNanos the intended send time it carries
   * @return the bytes
   */
  public byte[] body(long intendedNanos) {
    try {
      return writer.writeValueAsBytes(new LoadPayload(intendedNanos, filler));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Decodes a body made by {@link #body(long)}.
   *
   * @param body the bytes
   * @return the intended send time it carries
   */
  public long intendedNanos(byte[] body) {
    try {
      LoadPayload payload = reader.readValue(body);
      return payload.intendedNanos();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

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
