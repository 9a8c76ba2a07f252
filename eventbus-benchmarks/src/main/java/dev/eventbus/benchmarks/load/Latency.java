package dev.eventbus.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * End-to-end latency at a fixed rate, from each message's intended send time to its receipt.
 *
 * @param ratePerSecond the rate asked for
 * @param sent messages sent in the measured window
 * @param received of those, how many arrived before the deadline
 * @param histogram latencies in microseconds of the received ones
 * @param note why the figure is incomplete (the sender fell behind, messages missing), or empty
 */
public record Latency(
    double ratePerSecond, long sent, long received, Histogram histogram, String note) {
  /**
   * A percentile in milliseconds.
   *
   * @param percentile for example 99.0
   * @return milliseconds, NaN if nothing was received
   */
  public double millis(double percentile) {
    return histogram.getTotalCount() == 0
        ? Double.NaN
        : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * Whether every sent message arrived and the sender kept the schedule.
   *
   * @return true for a complete measurement
   */
  public boolean complete() {
    return note.isEmpty();
  }
}
