package dev.eventbus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The commit position is the end of the contiguous settled prefix, whatever order settles. */
class PartitionProgressTest {
  private final PartitionProgress progress =
      new PartitionProgress(new TopicPartition("t", 0), false);

  @Test
  void settlingOutOfOrderCommitsOnlyUpToTheFirstUnsettledOffset() {
    PartitionProgress.Entry e10 = progress.track(10);
    PartitionProgress.Entry e11 = progress.track(11);
    PartitionProgress.Entry e15 = progress.track(15);
    assertThat(progress.toCommit()).isEqualTo(-1);

    progress.settle(e11);
    progress.settle(e15);
    assertThat(progress.toCommit()).as("10 is still in flight").isEqualTo(-1);
    assertThat(progress.pending()).isEqualTo(3);

    progress.settle(e10);
    assertThat(progress.toCommit()).isEqualTo(16);
    assertThat(progress.pending()).isZero();
    progress.committed(16);
    assertThat(progress.toCommit()).isEqualTo(-1);
  }

  @Test
  void aRevokedPartitionForgetsItsBufferAndIsMarked() {
    PartitionProgress.Entry e = progress.track(1);
    progress.revoke();

    assertThat(e.owner().revoked()).isTrue();
    assertThat(e.release()).isTrue();
    assertThat(e.release()).as("released once").isFalse();
  }
}
