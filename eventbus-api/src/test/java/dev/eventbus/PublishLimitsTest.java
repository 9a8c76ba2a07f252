package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.idempotency.InMemoryIdempotencyStore;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.IdempotencyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PublishLimitsTest {
  record Blob(String data) {}

  @Test
  void oversizedEventIsRejectedAtPublishNamingSizeAndLimit() {
    InMemoryBroker encoded =
        InMemoryBroker.builder().mode(InMemoryBroker.Mode.ENCODED).maxMessageBytes(2048).build();
    try (EventBus bus = EventBus.builder().broker(encoded).build()) {
      CompletableFuture<Event<?>> f = bus.publish("blobs", new Blob("x".repeat(4096)));
      assertThatThrownBy(f::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(EventTooLargeException.class)
          .hasMessageContaining("over the limit of 2048 bytes");
    }
  }

  @Test
  void byReferenceNothingIsEncodedSoNoSizeLimitApplies() throws Exception {
    InMemoryBroker byReference = InMemoryBroker.builder().maxMessageBytes(2048).build();
    try (EventBus bus = EventBus.builder().broker(byReference).build()) {
      Blob big = new Blob("x".repeat(4096));
      CompletableFuture<Blob> handled = new CompletableFuture<>();
      bus.subscribe("blobs", "readers", Blob.class, (blob, context) -> handled.complete(blob));
      bus.start();

      bus.publish("blobs", big).get();

      assertThat(handled.get()).isSameAs(big);
    }
  }

  @Test
  void fullGroupMakesPublisherWaitThenFailWithBackpressure() throws Exception {
    InMemoryBroker broker =
        InMemoryBroker.builder().maxQueuedPerGroup(2).sendTimeout(Duration.ofMillis(100)).build();
    CountDownLatch release = new CountDownLatch(1);
    try (EventBus bus =
        EventBus.builder()
            .broker(broker)
            .closeTimeout(Duration.ofSeconds(5))
            .group("slow", GroupOptions.custom().concurrency(1).maxInFlight(1).build())
            .build()) {
      bus.subscribe("blobs", "slow", Blob.class, (b, ctx) -> release.await());
      bus.start();
      bus.publish("blobs", new Blob("1")).get(1, TimeUnit.SECONDS);
      bus.publish("blobs", new Blob("2")).get(1, TimeUnit.SECONDS);
      CompletableFuture<Event<?>> third = bus.publish("blobs", new Blob("3"));
      assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(BackpressureException.class)
          .hasMessageContaining("was not published");
      assertThat(bus.subscriptions().get(0).inFlight()).isEqualTo(1);
      assertThat(bus.subscriptions().get(0).state()).isEqualTo(SubscriptionState.PAUSED);
      release.countDown();
    }
  }

  @Test
  void idempotencyStoreForgetsOldestBeyondItsBound() {
    InMemoryIdempotencyStore store = InMemoryIdempotencyStore.create(2, Duration.ofHours(1));
    for (String id : new String[] {"a", "b", "c"}) {
      assertThat(store.claim("g", id)).isEqualTo(IdempotencyStore.Claim.CLAIMED);
      store.complete("g", id);
    }
    assertThat(store.contains("g", "a")).isFalse();
    assertThat(store.contains("g", "b")).isTrue();
    assertThat(store.contains("g", "c")).isTrue();
    assertThat(store.contains("other", "c")).isFalse();
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.claim("g", "c")).isEqualTo(IdempotencyStore.Claim.DONE);
    assertThat(store.claim("g", "d")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
    assertThat(store.claim("g", "d")).isEqualTo(IdempotencyStore.Claim.BUSY);
    store.release("g", "d");
    assertThat(store.claim("g", "d")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
  }
}
