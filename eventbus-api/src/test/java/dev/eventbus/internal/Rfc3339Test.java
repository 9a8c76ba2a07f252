package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
  @Test
  void formatsLikeInstantToStringAndParsesBack() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant t = Instant.ofEpochSecond(random.nextLong(0, max), nano);
      String text = Rfc3339.format(t);
      assertThat(text).isEqualTo(t.toString());
      assertThat(Rfc3339.parse(text)).isEqualTo(t);
    }
  }

  @Test
  void acceptsWhatInstantParseAcceptsAndRejectsTheRest() {
    assertThat(Rfc3339.parse("2026-11-26T08:00:00.5Z"))
        .isEqualTo(Instant.parse("2026-11-26T08:00:00.500Z"));
    assertThat(Rfc3339.parse("2026-11-26T09:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
    assertThat(Rfc3339.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isEqualTo("+10000-01-01T00:00:00Z");
    assertThatThrownBy(() -> Rfc3339.parse("2026-13-26T08:00:00Z"))
        .isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> Rfc3339.parse("2026-11-26T0x:00:00Z"))
        .isInstanceOf(DateTimeParseException.class);
    assertThatThrownBy(() -> Rfc3339.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
  }
}
