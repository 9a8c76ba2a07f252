package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void idsAreVersion7UuidsOrderedByTimeAndUnique() {
    UUID early = UUID.fromString(EventIds.next(1_000));
    UUID late = UUID.fromString(EventIds.next(2_000));
    assertThat(early.version()).isEqualTo(7);
    assertThat(early.variant()).isEqualTo(2);
    assertThat(early.getMostSignificantBits() >>> 16).isEqualTo(1_000);
    assertThat(early.toString()).isLessThan(late.toString());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(EventIds.next(5_000));
    }
    assertThat(ids).hasSize(100_000);
  }
}
