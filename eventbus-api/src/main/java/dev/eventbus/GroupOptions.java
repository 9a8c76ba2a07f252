package dev.eventbus;

import dev.eventbus.spi.StartPosition;
import java.util.Objects;

/**
 * How a group consumes: concurrency, the in-flight bound, retries, deduplication and where a new
 * group starts. Immutable and thread-safe. Set per group with {@link EventBus.Builder#group(String,
 * GroupOptions)}, or for all groups with {@link EventBus.Builder#groupDefaults(GroupOptions)}.
 *
 * <pre>{@code
 * GroupOptions billing = GroupOptions.custom()
 *     .concurrency(8)
 *     .maxInFlight(512)
 *     .retry(RetryPolicy.custom().maxAttempts(5).build())
 *     .idempotent(true)
 *     .build();
 * }</pre>
 */
public final class GroupOptions {
  /** Handler threads per subscription, by default. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** Deliveries per subscription handed out and not yet settled, at most, by default. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  private static final GroupOptions DEFAULTS = custom().build();

  private final int concurrency;
  private final int maxInFlight;
  private final RetryPolicy retry;
  private final boolean idempotent;
  private final StartPosition startPosition;

  private GroupOptions(Builder b) {
    this.concurrency = b.concurrency;
    this.maxInFlight = b.maxInFlight;
    this.retry = b.retry;
    this.idempotent = b.idempotent;
    this.startPosition = b.startPosition;
  }

  /**
   * The defaults: {@value #DEFAULT_CONCURRENCY} handler threads, {@value #DEFAULT_MAX_IN_FLIGHT} in
   * flight, {@link RetryPolicy#ofDefaults()}, no deduplication, start at {@link
   * StartPosition#LATEST}.
   *
   * @return the default options
   */
  public static GroupOptions ofDefaults() {
    return DEFAULTS;
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
   * A builder starting from these options.
   *
   * @return a new builder holding these values
   */
  public Builder toBuilder() {
    return new Builder()
        .concurrency(concurrency)
        .maxInFlight(maxInFlight)
        .retry(retry)
        .idempotent(idempotent)
        .startPosition(startPosition);
  }

  /**
   * Handler calls that may run at once in one subscription (events of one key never run at once).
   *
   * @return at least 1
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Deliveries handed to this subscription and not yet settled, at most. The broker stops
   * delivering (prefetch, pause) at this bound: no queue grows without limit.
   *
   * @return at least {@link #concurrency()}
   */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * The retry policy.
   *
   * @return the policy
   */
  public RetryPolicy retry() {
    return retry;
  }

  /**
   * Whether duplicates (same event id) are acknowledged without calling the handler again.
   *
   * @return true if deduplicating
   */
  public boolean idempotent() {
    return idempotent;
  }

  /**
   * Where a group new to a topic starts.
   *
   * @return the position
   */
  public StartPosition startPosition() {
    return startPosition;
  }

  @Override
  public String toString() {
    return "GroupOptions{concurrency="
        + concurrency
        + ", maxInFlight="
        + maxInFlight
        + ", retry="
        + retry
        + ", idempotent="
        + idempotent
        + ", startPosition="
        + startPosition
        + "}";
  }

  /** Builds {@link GroupOptions}; validated by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int concurrency = DEFAULT_CONCURRENCY;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private RetryPolicy retry = RetryPolicy.ofDefaults();
    private boolean idempotent;
    private StartPosition startPosition = StartPosition.LATEST;

    private Builder() {}

    /**
     * Handler calls at once (1 to 1024).
     *
     * @param concurrency the count
     * @return this builder
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Unsettled deliveries at most (from concurrency to 65536).
     *
     * @param maxInFlight the bound
     * @return this builder
     */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = maxInFlight;
      return this;
    }

    /**
     * The retry policy.
     *
     * @param retry the policy
     * @return this builder
     */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Turns deduplication by event id on or off.
     *
     * @param idempotent true to deduplicate
     * @return this builder
     */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /**
     * Where a new group starts.
     *
     * @param startPosition the position
     * @return this builder
     */
    public Builder startPosition(StartPosition startPosition) {
      this.startPosition = Objects.requireNonNull(startPosition, "startPosition");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the options
     * @throws ConfigurationException naming the invalid value
     */
    public GroupOptions build() {
      if (concurrency < 1 || concurrency > 1024) {
        throw new ConfigurationException(
            "group.concurrency", concurrency, "an integer from 1 to 1024");
      }
      if (maxInFlight < concurrency || maxInFlight > 65536) {
        throw new ConfigurationException(
            "group.maxInFlight",
            maxInFlight,
            "an integer from group.concurrency (" + concurrency + ") to 65536");
      }
      return new GroupOptions(this);
    }
  }
}
