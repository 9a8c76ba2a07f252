package dev.eventbus.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InMemoryFlowTest {
  record Tick(long n) {}

  /**
   * A publisher far faster than its handler fills the group again and again: acks then race with
   * the publisher waiting for room. None may be left unapplied (the publisher would wait out its
   * send timeout), and every event arrives once.
   */
  @ParameterizedTest
  @EnumSource(InMemoryBroker.Mode.class)
  void aPublisherWaitingForRoomSeesEveryAckAndNothingIsLost(InMemoryBroker.Mode mode)
      throws Exception {
    InMemoryBroker broker =
        InMemoryBroker.builder()
            .mode(mode)
            .maxQueuedPerGroup(8)
            .sendTimeout(Duration.ofSeconds(5))
            .build();
    AtomicLong handled = new AtomicLong();
    int events = 20_000;
    try (EventBus bus =
        EventBus.builder()
            .broker(broker)
            .group("counters", GroupOptions.custom().concurrency(1).maxInFlight(1).build())
            .build()) {
      bus.subscribe("ticks", "counters", Tick.class, (tick, context) -> handled.incrementAndGet());
      bus.start();
      CompletableFuture<Event<?>> last = null;
      for (int i = 0; i < events; i++) {
        last = bus.publish("ticks", new Tick(i));
        assertThat(last.isCompletedExceptionally()).as("publish %d", i).isFalse();
      }
      last.get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (handled.get() < events && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(handled.get()).isEqualTo(events);
    }
  }
}
