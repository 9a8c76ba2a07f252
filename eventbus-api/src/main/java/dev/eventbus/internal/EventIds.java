package dev.eventbus.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids: UUID version 7 (RFC 9562), time-ordered so that stores index them well, with 74 random
 * bits from {@link ThreadLocalRandom}: no lock shared by publishing threads, unlike {@link
 * UUID#randomUUID()}. Ids need to be unique, not unguessable.
 */
final class EventIds {
  private EventIds() {}

  static String next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
