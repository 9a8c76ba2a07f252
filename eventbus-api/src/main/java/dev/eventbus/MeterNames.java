package dev.eventbus;

/**
 * The names of the Micrometer meters that eventbus registers, the same on every broker, for
 * dashboards and alerts ({@code docs/metrics.md} gives their types and tags). The core's meters are
 * registered in the bus's {@code MeterRegistry}; the lag gauge by each broker adapter, and the
 * projection lag by the event-sourcing module. Constants only.
 */
public final class MeterNames {
  /** Timer of publishes, tags topic, outcome=success|failure. */
  public static final String PUBLISH = "eventbus.publish";

  /** Counter of settled deliveries, tags topic, group, outcome. */
  public static final String CONSUMED = "eventbus.consumed";

  /** Timer of handler calls, tags topic, group, outcome=success|failure. */
  public static final String HANDLER = "eventbus.handler";

  /** Counter of scheduled retries, tags topic, group. */
  public static final String RETRIES = "eventbus.retries";

  /** Counter of dead-lettered events, tags topic, group, reason. */
  public static final String DEAD_LETTERED = "eventbus.dead.lettered";

  /** Gauge of unsettled deliveries, tags topic, group. */
  public static final String IN_FLIGHT = "eventbus.in.flight";

  /** Gauge of dead letters waiting, tags topic, group; counted in the background. */
  public static final String DEAD_LETTERS = "eventbus.dead.letters";

  /** Gauge of the oldest dead letter's age in seconds, tags topic, group. */
  public static final String DEAD_LETTERS_OLDEST_AGE = "eventbus.dead.letters.oldest.age";

  /** Counter of dead letters redriven, tags topic, group. */
  public static final String REDRIVEN = "eventbus.redriven";

  /**
   * Gauge of a group's messages not yet delivered to it, tags topic, group (and partition on
   * Kafka), registered by every broker adapter.
   */
  public static final String CONSUMER_LAG = "eventbus.consumer.lag";

  /** Gauge of a projection's distance behind the event store's head, tag projection. */
  public static final String PROJECTION_LAG = "eventbus.projection.lag";

  private MeterNames() {}
}
