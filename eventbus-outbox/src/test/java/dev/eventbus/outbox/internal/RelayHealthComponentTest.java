package dev.eventbus.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.HealthStatus;
import dev.eventbus.outbox.OutboxHealth;
import dev.eventbus.outbox.RelayState;
import dev.eventbus.spi.BrokerHealth;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RelayHealthComponentTest {
  @Test
  void aBackingOffRelayIsDownWithItsReasonOnOneLineAndNoSecret() {
    OutboxHealth health =
        new OutboxHealth(
            HealthStatus.DOWN,
            RelayState.BACKING_OFF,
            Set.of(0, 1),
            3,
            Duration.ofMillis(1500),
            "java.sql.SQLException: cannot connect to\n"
                + " jdbc:postgresql://app:s3cret@db:5432/orders?password=hunter2&ssl=true");
    BrokerHealth component = RelayHealthComponent.of(health);
    assertThat(component.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(component.detail())
        .isEqualTo(
            "BACKING_OFF, shards 2, backlog 3, oldest 1500 ms: java.sql.SQLException: cannot"
                + " connect to jdbc:postgresql://***@db:5432/orders?password=***&ssl=true");
  }

  @Test
  void aRelayThatHasNotLookedYetShowsNoBacklogAndALongReasonIsCut() {
    OutboxHealth before =
        new OutboxHealth(HealthStatus.UP, RelayState.RUNNING, Set.of(), -1, Duration.ZERO, null);
    assertThat(RelayHealthComponent.of(before)).isEqualTo(BrokerHealth.up("RUNNING, shards 0"));
    OutboxHealth longReason =
        new OutboxHealth(
            HealthStatus.DOWN,
            RelayState.BACKING_OFF,
            Set.of(),
            -1,
            Duration.ZERO,
            "x".repeat(1000));
    assertThat(RelayHealthComponent.of(longReason).detail())
        .hasSize(RelayHealthComponent.MAX_DETAIL + 1)
        .endsWith("…");
  }
}
