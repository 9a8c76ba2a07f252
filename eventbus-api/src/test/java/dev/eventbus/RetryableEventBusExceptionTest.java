package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryableEventBusExceptionTest {
  @Test
  @SuppressWarnings("removal") // the old name, as callers of earlier releases write it
  void codeCatchingTheFormerNameStillCatchesEveryTransientFailure() {
    Exception thrown = new BackpressureException("publish buffer", java.time.Duration.ofSeconds(1));
    boolean caught;
    try {
      throw thrown;
    } catch (RetriableEventBusException e) {
      caught = true;
    } catch (Exception e) {
      caught = false;
    }
    assertThat(caught).isTrue();
    assertThat(new RetryableEventBusException("x")).isInstanceOf(EventBusException.class);
  }
}
