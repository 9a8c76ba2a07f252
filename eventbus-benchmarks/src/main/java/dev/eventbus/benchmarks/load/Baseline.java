package dev.eventbus.benchmarks.load;

import java.util.List;

/**
 * A second raw baseline measured in the same case as the raw client and the adapter: the raw client
 * doing by hand the per-record work the adapter must do (for Kafka, the CloudEvents headers and the
 * JSON payload). It tells what that work alone costs, apart from the adapter's own.
 *
 * @param name its name in the results
 * @param publish publish rate of every round
 * @param consume consume rate of every round
 * @param latency latency at half the raw maximum, the rate the adapter is measured at
 * @param latencyAtAdapterRate latency at half the adapter's own maximum, measured when the adapter
 *     was measured there too; else null
 */
public record Baseline(
    String name,
    List<Throughput> publish,
    List<Throughput> consume,
    Latency latency,
    Latency latencyAtAdapterRate) {}
