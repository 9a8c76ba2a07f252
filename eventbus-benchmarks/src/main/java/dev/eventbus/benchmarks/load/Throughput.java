package dev.eventbus.benchmarks.load;

/**
 * A measured rate.
 *
 * @param events events counted
 * @param seconds over how long
 * @param failures events that failed
 * @param note why the figure is incomplete, or empty
 */
public record Throughput(long events, double seconds, long failures, String note) {
  /**
   * Events per second.
   *
   * @return the rate, 0 if nothing was measured
   */
  public double perSecond() {
    return seconds <= 0 ? 0 : events / seconds;
  }
}
