package dev.eventbus.benchmarks.load;

/**
 * The performance targets of design.md for a broker adapter, as numbers: against a peer, throughput
 * at least {@value #PEER_MIN_RATIO}× and p99 at the fixed rate at most the peer's p99 plus max(1
 * ms, 10%); against the raw client doing the same work, throughput at least {@value
 * #SAME_WORK_MIN_RATIO}× and, at half the adapter's own maximum rate, p99 at most {@value
 * #SAME_WORK_MAX_P99_FACTOR}× that client's p99. The bare raw client is a ceiling, not a target.
 */
public final class Targets {
  /** eventbus over a peer, publish and consume. */
  public static final double PEER_MIN_RATIO = 1.0;

  /** The least a p99 may exceed the peer's by, in milliseconds. */
  public static final double PEER_P99_MIN_SLACK_MILLIS = 1.0;

  /** The share of the peer's p99 that eventbus's may exceed it by, when more than 1 ms. */
  public static final double PEER_P99_SLACK_SHARE = 0.10;

  /** eventbus over the raw client doing the same work, publish and consume. */
  public static final double SAME_WORK_MIN_RATIO = 0.9;

  /** eventbus's p99 over the same-work client's, both at half eventbus's maximum rate. */
  public static final double SAME_WORK_MAX_P99_FACTOR = 2.0;

  private Targets() {}

  /**
   * The highest p99 that meets the peer target.
   *
   * @param peerP99Millis the peer's p99
   * @return milliseconds
   */
  public static double peerP99Limit(double peerP99Millis) {
    return peerP99Millis
        + Math.max(PEER_P99_MIN_SLACK_MILLIS, PEER_P99_SLACK_SHARE * peerP99Millis);
  }

  /**
   * The highest p99 that meets the same-work target.
   *
   * @param sameWorkP99Millis the same-work client's p99 at the same rate
   * @return milliseconds
   */
  public static double sameWorkP99Limit(double sameWorkP99Millis) {
    return SAME_WORK_MAX_P99_FACTOR * sameWorkP99Millis;
  }
}
