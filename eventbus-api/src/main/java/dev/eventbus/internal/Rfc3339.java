package dev.eventbus.internal;

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
    StringBuilder sb = new StringBuilder(30);
    pad(sb, year, 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nano = instant.getNano();
    if (nano != 0) {
      sb.append('.');
      if (nano % 1_000_000 == 0) {
        pad(sb, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        pad(sb, nano / 1_000, 6);
      } else {
        pad(sb, nano, 9);
      }
    }
    return sb.append('Z').toString();
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

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits);
  }
}
