package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.EventBus;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core settles each delivery once, whatever the broker's delivery would do when asked twice.
 */
class SettleOnceTest {
  private EventBus bus;
  private ConsumerRuntime runtime;

  /** A broker's delivery that records every call and does what the test says for dead letters. */
  private static final class RecordingDelivery implements Delivery {
    final List<String> calls = new ArrayList<>();
    CompletableFuture<Void> deadLetterResult = CompletableFuture.completedFuture(null);

    @Override
    public BrokerMessage message() {
      return BrokerMessage.of(null, Map.of("id", "e-1"), Map.of(), new byte[0]);
    }

    @Override
    public String topic() {
      return "t";
    }

    @Override
    public String group() {
      return "g";
    }

    @Override
    public void ack() {
      calls.add("ack");
    }

    @Override
    public void retryLater(Duration delay, Map<String, String> headers) {
      calls.add("retryLater");
    }

    @Override
    public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
      calls.add("deadLetter");
      return deadLetterResult;
    }
  }

  @BeforeEach
  void subscribe() {
    bus = EventBus.builder().build();
    bus.start();
    runtime = (ConsumerRuntime) bus.subscribe("t", "g", String.class, (payload, context) -> {});
  }

  @AfterEach
  void close() {
    bus.close();
  }

  @Test
  void aSecondSettlementIsIgnored() {
    RecordingDelivery d = new RecordingDelivery();
    Work work = new Work(runtime, d, null);

    assertThat(work.ack()).isTrue();
    assertThat(work.ack()).isFalse();
    assertThat(work.retryLater(Duration.ZERO, Map.of())).isFalse();

    assertThat(d.calls).containsExactly("ack");
  }

  @Test
  void aDeadLetterAfterAnAckFailsAndWritesNothing() {
    RecordingDelivery d = new RecordingDelivery();
    Work work = new Work(runtime, d, null);
    work.retryLater(Duration.ofSeconds(1), Map.of());

    CompletableFuture<Void> dead = work.deadLetter(Map.of());

    assertThatThrownBy(() -> dead.get(1, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(d.calls).containsExactly("retryLater");
  }

  @Test
  void whileADeadLetterIsWrittenNothingElseSettlesAndAFailedWriteReopensTheDelivery() {
    RecordingDelivery d = new RecordingDelivery();
    d.deadLetterResult = new CompletableFuture<>();
    Work work = new Work(runtime, d, null);

    CompletableFuture<Void> first = work.deadLetter(Map.of());
    assertThat(work.ack()).isFalse();
    assertThat(work.deadLetter(Map.of())).isCompletedExceptionally();
    d.deadLetterResult.completeExceptionally(new IllegalStateException("broker down"));

    assertThat(first).isCompletedExceptionally();
    assertThat(work.settled()).isFalse();
    d.deadLetterResult = CompletableFuture.completedFuture(null);
    assertThat(work.deadLetter(Map.of())).isCompleted().isNotCompletedExceptionally();
    assertThat(work.settled()).isTrue();
    assertThat(d.calls).containsExactly("deadLetter", "deadLetter");
  }

  @Test
  void afterTheSubscriptionClosedSettlementsAreLeftToTheBroker() {
    RecordingDelivery d = new RecordingDelivery();
    Work work = new Work(runtime, d, null);
    runtime.close();

    assertThat(work.ack()).isFalse();
    assertThat(work.retryLater(Duration.ZERO, Map.of())).isFalse();
    assertThat(work.deadLetter(Map.of())).isCompletedExceptionally();
    assertThat(d.calls).isEmpty();
  }
}
