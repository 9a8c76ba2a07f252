package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.EventBusException;
import dev.eventbus.RetryableEventBusException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ClientCallsTest {
  @Test
  void aCallThatAnswersGivesItsResult() throws Exception {
    assertThat(
            ClientCalls.await(
                CompletableFuture.completedFuture("ok"), Duration.ofSeconds(1), "Kafka", "ask"))
        .isEqualTo("ok");
  }

  @Test
  void aFailedCallKeepsTheClientsExceptionAsTheCause() {
    IllegalStateException refused = new IllegalStateException("refused");

    assertThatThrownBy(
            () ->
                ClientCalls.await(
                    CompletableFuture.failedFuture(refused), Duration.ofSeconds(1), "Kafka", "ask"))
        .isInstanceOf(ExecutionException.class)
        .hasCause(refused);
  }

  @Test
  void aCallThatDoesNotAnswerInTimeIsRetriableAndSaysWhatItWasFor() {
    assertThatThrownBy(
            () ->
                ClientCalls.await(
                    new CompletableFuture<>(),
                    Duration.ofMillis(50),
                    "Kafka",
                    "create topic 'orders'"))
        .isInstanceOf(RetryableEventBusException.class)
        .hasMessage("Kafka did not answer within 50ms to create topic 'orders'");
  }

  @Test
  void anInterruptedWaitFailsAndKeepsTheInterruptStatus() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  ClientCalls.await(
                      new CompletableFuture<>(), Duration.ofSeconds(5), "Kafka", "read"))
          .isInstanceOf(EventBusException.class)
          .isNotInstanceOf(RetryableEventBusException.class)
          .hasMessage("Interrupted while trying to read");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
