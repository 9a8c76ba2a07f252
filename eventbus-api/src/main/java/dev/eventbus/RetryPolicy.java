package dev.eventbus;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a group retries a failed handler: how many attempts, how long between them, and which
 * failures are worth retrying. Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.custom()
 *     .maxAttempts(5)
 *     .initialDelay(Duration.ofMillis(200))
 *     .multiplier(2.0)
 *     .maxDelay(Duration.ofSeconds(30))
 *     .noRetryOn(IllegalArgumentException.class)
 *     .build();
 * }</pre>
 *
 * <p>The delay before attempt {@code n+1} is {@code min(maxDelay, initialDelay *
 * multiplier^(n-1))}, then spread by up to {@code ±jitter} of itself. {@link NonRetryableException}
 * and its subclasses (including decoding failures) are never retried.
 */
public final class RetryPolicy {
  /** Attempts in total, the first included, by default. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** Delay before the second attempt, by default. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(100);

  /** Growth of the delay per attempt, by default. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** Longest delay, by default. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

  /** Random spread of each delay as a fraction of it, by default. */
  public static final double DEFAULT_JITTER = 0.2;

  private static final RetryPolicy DEFAULTS = custom().build();
  private static final RetryPolicy NONE = custom().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final List<Class<? extends Throwable>> retryOn;
  private final List<Class<? extends Throwable>> noRetryOn;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.multiplier = b.multiplier;
    this.maxDelay = b.maxDelay;
    this.jitter = b.jitter;
    this.retryOn = List.copyOf(b.retryOn);
    this.noRetryOn = List.copyOf(b.noRetryOn);
  }

  /**
   * The default policy: {@value #DEFAULT_MAX_ATTEMPTS} attempts, 100 ms doubling up to 30 s, 20%
   * jitter, every exception but {@link NonRetryableException} retried.
   *
   * @return the default policy
   */
  public static RetryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /**
   * One attempt only: a failure goes straight to dead letters.
   *
   * @return a policy without retries
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * Attempts in total, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Delay before the second attempt.
   *
   * @return the delay
   */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * Growth of the delay per attempt.
   *
   * @return at least 1.0
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * Longest delay between two attempts, before jitter.
   *
   * @return the delay cap
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * Random spread of each delay, as a fraction of it.
   *
   * @return from 0.0 to 1.0
   */
  public double jitter() {
    return jitter;
  }

  /**
   * Whether a failure may be retried: not a {@link NonRetryableException}, not one of {@code
   * noRetryOn}, and one of {@code retryOn} when that list is not empty.
   *
   * @param failure what the handler threw
   * @return true if another attempt may help
   */
  public boolean isRetryable(Throwable failure) {
    if (failure instanceof NonRetryableException) {
      return false;
    }
    for (Class<? extends Throwable> c : noRetryOn) {
      if (c.isInstance(failure)) {
        return false;
      }
    }
    if (retryOn.isEmpty()) {
      return true;
    }
    for (Class<? extends Throwable> c : retryOn) {
      if (c.isInstance(failure)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The delay before a retry.
   *
   * @param failedAttempt the attempt that just failed, 1 for the first
   * @param random a number from 0.0 (inclusive) to 1.0 (exclusive) that places the jitter
   * @return the delay, never negative
   */
  public Duration delayAfter(int failedAttempt, double random) {
    double base = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
    double capped = Math.min(base, maxDelay.toNanos());
    double spread = capped * jitter * (2 * random - 1);
    return Duration.ofNanos(Math.max(0L, (long) (capped + spread)));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelay
        + ", multiplier="
        + multiplier
        + ", maxDelay="
        + maxDelay
        + ", jitter="
        + jitter
        + "}";
  }

  /** Builds a {@link RetryPolicy}; values are validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private double multiplier = DEFAULT_MULTIPLIER;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double jitter = DEFAULT_JITTER;
    private final java.util.ArrayList<Class<? extends Throwable>> retryOn =
        new java.util.ArrayList<>();
    private final java.util.ArrayList<Class<? extends Throwable>> noRetryOn =
        new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Attempts in total, the first included (1 to 100).
     *
     * @param maxAttempts the count
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Delay before the second attempt (0 to 24 h).
     *
     * @param initialDelay the delay
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Growth of the delay per attempt (1.0 to 10.0).
     *
     * @param multiplier the factor
     * @return this builder
     */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Longest delay (at least the initial delay, at most 24 h).
     *
     * @param maxDelay the cap
     * @return this builder
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
      return this;
    }

    /**
     * Random spread of each delay as a fraction of it (0.0 to 1.0).
     *
     * @param jitter the fraction
     * @return this builder
     */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * Retries only these failures (and their subclasses); others are dead-lettered at once.
     *
     * @param types exception classes
     * @return this builder
     */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      retryOn.addAll(List.of(types));
      return this;
    }

    /**
     * Never retries these failures (and their subclasses).
     *
     * @param types exception classes
     * @return this builder
     */
    @SafeVarargs
    public final Builder noRetryOn(Class<? extends Throwable>... types) {
      noRetryOn.addAll(List.of(types));
      return this;
    }

    /**
     * Validates and builds the policy.
     *
     * @return the policy
     * @throws ConfigurationException naming the invalid value
     */
    public RetryPolicy build() {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new ConfigurationException(
            "retry.maxAttempts", maxAttempts, "an integer from 1 to 100");
      }
      Duration day = Duration.ofHours(24);
      if (initialDelay.isNegative() || initialDelay.compareTo(day) > 0) {
        throw new ConfigurationException(
            "retry.initialDelay", initialDelay, "a duration from 0 to 24 hours");
      }
      if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
        throw new ConfigurationException(
            "retry.multiplier", multiplier, "a number from 1.0 to 10.0");
      }
      if (maxDelay.compareTo(initialDelay) < 0 || maxDelay.compareTo(day) > 0) {
        throw new ConfigurationException(
            "retry.maxDelay",
            maxDelay,
            "a duration from retry.initialDelay (" + initialDelay + ") to 24 hours");
      }
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new ConfigurationException("retry.jitter", jitter, "a fraction from 0.0 to 1.0");
      }
      return new RetryPolicy(this);
    }
  }
}
