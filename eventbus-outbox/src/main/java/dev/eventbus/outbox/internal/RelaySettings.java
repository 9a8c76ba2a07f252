package dev.eventbus.outbox.internal;

import dev.eventbus.RetryPolicy;
import java.time.Duration;

/**
 * A relay's settings, validated by the outbox's builder.
 *
 * @param owner this relay's name in the lease table
 * @param shards how many shards the rows are spread over
 * @param batchSize the most rows read, sent and in flight at once
 * @param pollInterval the longest an idle relay waits before looking at the table again
 * @param leaseDuration how long a shard's lease holds without renewal
 * @param publishTimeout how long the relay waits for the broker to acknowledge a batch
 * @param backoff the waits after failures: its delays, never its attempt limit
 */
public record RelaySettings(
    String owner,
    int shards,
    int batchSize,
    Duration pollInterval,
    Duration leaseDuration,
    Duration publishTimeout,
    RetryPolicy backoff) {
  /** {@return how often leases are renewed and the backlog gauges refreshed} */
  Duration renewInterval() {
    Duration third = leaseDuration.dividedBy(3);
    Duration cap = Duration.ofSeconds(5);
    return third.compareTo(cap) < 0 ? third : cap;
  }
}
