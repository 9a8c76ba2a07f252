package dev.eventbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Subscription;
import dev.eventbus.SubscriptionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EventBusExtension.class)
class EventBusExtensionDefaultsTest {
  @Test
  void startsARunningBusOnTheInMemoryBroker(EventBusHarness harness) {
    Subscription subscription =
        harness.bus().subscribe("orders", "billing", OrderPlaced.class, (o, c) -> {});

    assertThat(subscription.state()).isEqualTo(SubscriptionState.RUNNING);
    assertThat(harness.bus().broker().name()).isEqualTo("memory");
    assertThat(harness.timeout()).isEqualTo(EventBusHarness.DEFAULT_TIMEOUT);
  }
}
