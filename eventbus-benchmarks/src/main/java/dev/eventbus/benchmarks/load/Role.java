package dev.eventbus.benchmarks.load;

/**
 * What a side of a broker comparison stands for, and so which targets of design.md it takes part
 * in. The targets are ratios of the {@link #EVENTBUS} side over the others, measured in the same
 * run.
 */
public enum Role {
  /** The adapter through {@code EventBus}, as a service uses it: the side every target is about. */
  EVENTBUS("eventbus"),

  /**
   * A library a user would pick instead (Spring Kafka, Spring AMQP), sending the same record with
   * the same durability settings: eventbus must match it (≥ 1.0× throughput, p99 at the fixed rate
   * within max(1 ms, 10%) of it).
   */
  PEER("peer"),

  /**
   * The raw client doing by hand the per-event work the adapter must do (the CloudEvents envelope,
   * the JSON payload): eventbus must reach 0.9× of it, and at half eventbus's own maximum rate stay
   * within 2× its p99.
   */
  SAME_WORK("raw + envelope"),

  /**
   * The bare raw client sending fixed bytes: the ceiling, reported beside the others, no target.
   */
  CEILING("raw");

  private final String label;

  Role(String label) {
    this.label = label;
  }

  /**
   * How the tables name this role.
   *
   * @return for example {@code raw + envelope}
   */
  public String label() {
    return label;
  }
}
