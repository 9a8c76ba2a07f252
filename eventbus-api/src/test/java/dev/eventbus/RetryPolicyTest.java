package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      RetryPolicy.custom()
          .maxAttempts(6)
          .initialDelay(Duration.ofMillis(100))
          .multiplier(2)
          .maxDelay(Duration.ofMillis(500))
          .jitter(0.5)
          .noRetryOn(IllegalArgumentException.class)
          .build();

  @Test
  void delaysGrowExponentiallyUpToTheCapWithJitterAroundThem() {
    assertThat(policy.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayAfter(2, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayAfter(3, 0.5)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayAfter(4, 0.5)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delayAfter(1, 0.0)).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.delayAfter(1, 0.999999))
        .isBetween(Duration.ofMillis(149), Duration.ofMillis(150));
  }

  @Test
  void retryableFailuresFollowTheLists() {
    assertThat(policy.isRetryable(new IllegalStateException())).isTrue();
    assertThat(policy.isRetryable(new IllegalArgumentException())).isFalse();
    assertThat(policy.isRetryable(new NonRetryableException("no"))).isFalse();
    assertThat(policy.isRetryable(new EventDecodingException("bad"))).isFalse();
    RetryPolicy only = RetryPolicy.custom().retryOn(java.io.IOException.class).build();
    assertThat(only.isRetryable(new java.io.UncheckedIOException(new java.io.IOException())))
        .isFalse();
    assertThat(only.isRetryable(new java.io.IOException())).isTrue();
  }

  @Test
  void invalidValuesAreRejectedWithKeyValueAndRange() {
    assertThatThrownBy(() -> RetryPolicy.custom().maxAttempts(0).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Invalid configuration 'retry.maxAttempts' = '0': expected an integer from 1 to 100");
    assertThatThrownBy(
            () ->
                RetryPolicy.custom()
                    .initialDelay(Duration.ofSeconds(2))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("retry.maxDelay");
    assertThatThrownBy(() -> RetryPolicy.custom().jitter(1.5).build())
        .hasMessageContaining("retry.jitter");
  }
}
