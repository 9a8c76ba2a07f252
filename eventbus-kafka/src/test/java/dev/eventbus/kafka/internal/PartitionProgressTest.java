package dev.eventbus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
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
  void bufferedRecordsAreHandedOutInOffsetOrder() {
    ConsumerRecord<byte[], byte[]> r1 = record(1, 600);
    ConsumerRecord<byte[], byte[]> r2 = record(2, 600);
    progress.buffered.addAll(List.of(r1, r2));
    assertThat(progress.pending()).isEqualTo(2);

    assertThat(progress.buffered.peekFirst()).isSameAs(r1);
    progress.buffered.pollFirst();
    assertThat(progress.buffered.peekFirst()).isSameAs(r2);
    progress.buffered.pollFirst();
    assertThat(progress.buffered).isEmpty();
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, int bytes) {
    return new ConsumerRecord<>(
        "t",
        0,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        0,
        bytes,
        new byte[0],
        new byte[bytes],
        new RecordHeaders(),
        Optional.empty());
  }

  @Test
  void aRevokedPartitionForgetsItsBufferAndIsMarked() {
    PartitionProgress.Entry e = progress.track(1);
    progress.buffered.addAll(List.of(record(2, 10)));
    progress.revoke();

    assertThat(progress.buffered).isEmpty();
    assertThat(e.owner.revoked()).isTrue();
    assertThat(e.release()).isTrue();
    assertThat(e.release()).as("released once").isFalse();
  }
}
