package dev.eventbus.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * CloudEvents {@code time} as RFC 3339 in UTC, without {@code DateTimeFormatter}: the envelope
 * prints and parses one per event, and the formatter dominated both in profiles. Output equals
 * {@link Instant#toString()} for years 0 to 9999; input is anything {@link Instant#parse} takes,
 * with a fast path for {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}.
 */
final class Rfc3339 {
  private Rfc3339() {}

  static String format(Instant instant) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return instant.toString();
    }
    int nano = instant.getNano();
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    byte[] out = new byte[20 + (fraction == 0 ? 0 : fraction + 1)];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, t.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, t.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, t.getHour(), 2);
    out[13] = ':';
    digits(out, 14, t.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, t.getSecond(), 2);
    if (fraction > 0) {
      out[19] = '.';
      int scaled = fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1_000 : nano;
      digits(out, 20, scaled, fraction);
    }
    out[out.length - 1] = 'Z';
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  static Instant parse(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(n - 1) != 'Z') {
      return Instant.parse(s);
    }
    try {
      int nano = 0;
      if (n > 20) {
        if (s.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
          return Instant.parse(s);
        }
        nano = digits(s, 20, n - 1);
        for (int i = n - 21; i < 9; i++) {
          nano *= 10;
        }
      }
      LocalDateTime t =
          LocalDateTime.of(
              digits(s, 0, 4),
              digits(s, 5, 7),
              digits(s, 8, 10),
              digits(s, 11, 13),
              digits(s, 14, 16),
              digits(s, 17, 19));
      return Instant.ofEpochSecond(t.toEpochSecond(ZoneOffset.UTC), nano);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new DateTimeParseException("Invalid RFC 3339 time", s, 0, e);
    }
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not a digit at " + i);
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
