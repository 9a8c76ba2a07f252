package dev.eventbus.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.kafka.internal.PartitionProgress.RetriedInPlace;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The count of a retry in place as commit metadata: the text it writes and reads back, what it
 * refuses to read, its length, and when a partition commits it.
 */
class RetriedInPlaceTest {
  // The broker's offset.metadata.max.bytes by default.
  private static final int BROKER_METADATA_LIMIT = 4096;

  private final PartitionProgress progress =
      new PartitionProgress(new TopicPartition("t", 0), false);

  @Test
  void theTextReadsBackAsWritten() {
    RetriedInPlace r = new RetriedInPlace(42, 3, 1_733_280_000_000L);

    assertThat(r.metadata).isEqualTo("eventbus:v1;offset=42;attempt=3;first-failure=1733280000000");
    RetriedInPlace back = RetriedInPlace.parse(r.metadata);
    assertThat(back.offset).isEqualTo(42);
    assertThat(back.attempt).isEqualTo(3);
    assertThat(back.firstFailureMillis).isEqualTo(1_733_280_000_000L);
    assertThat(back.metadata).isEqualTo(r.metadata);
  }

  @Test
  void keysALaterWriterAddsAreSkipped() {
    RetriedInPlace r =
        RetriedInPlace.parse("eventbus:v1;offset=7;attempt=2;first-failure=5;last-failure=9");

    assertThat(r.offset).isEqualTo(7);
    assertThat(r.attempt).isEqualTo(2);
    assertThat(r.firstFailureMillis).isEqualTo(5);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "checkpoint written by another tool",
        "eventbus:v2;offset=1;attempt=3;first-failure=5",
        "eventbus:v1",
        "eventbus:v1;",
        "eventbus:v1;offset=1;attempt=3",
        "eventbus:v1;offset=1;first-failure=5",
        "eventbus:v1;attempt=3;first-failure=5",
        "eventbus:v1;offset=1;attempt=three;first-failure=5",
        "eventbus:v1;offset=1;attempt=+3;first-failure=5",
        "eventbus:v1;offset=-1;attempt=3;first-failure=5",
        "eventbus:v1;offset=1;attempt=1;first-failure=5",
        "eventbus:v1;offset=1;attempt=2147483648;first-failure=5",
        "eventbus:v1;offset=1;attempt=3;first-failure=99999999999999999999",
        "eventbus:v1;offset=1;attempt=3;first-failure=5;",
        "eventbus:v1;offset=1;attempt=3;=4;first-failure=5",
        "eventbus:v1;offset=1;attempt;first-failure=5",
        "EVENTBUS:V1;offset=1;attempt=3;first-failure=5"
      })
  void foreignOrMalformedMetadataCarriesNothing(String metadata) {
    assertThat(RetriedInPlace.parse(metadata)).isNull();
  }

  @Test
  void theLongestTextFitsTheBoundAndTheBrokersLimit() {
    RetriedInPlace longest = new RetriedInPlace(Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);

    assertThat(longest.metadata.length()).isLessThanOrEqualTo(RetriedInPlace.MAX_LENGTH);
    assertThat(longest.metadata.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RetriedInPlace.MAX_LENGTH)
        .isLessThan(BROKER_METADATA_LIMIT);
    assertThat(RetriedInPlace.parse(longest.metadata)).isNotNull();
    String padded = longest.metadata + ";x=" + "y".repeat(RetriedInPlace.MAX_LENGTH);
    assertThat(RetriedInPlace.parse(padded)).as("longer than any text this writes").isNull();
  }

  @Test
  void aPartitionWithoutRetriesCommitsNoMetadata() {
    PartitionProgress.Entry e = progress.track(10);
    assertThat(progress.hasCommit()).isFalse();
    assertThat(progress.nextCommit()).isNull();

    progress.settle(e);

    assertThat(progress.hasCommit()).isTrue();
    assertThat(progress.nextCommit()).isEqualTo(new OffsetAndMetadata(11));
    progress.committed(progress.nextCommit());
    assertThat(progress.nextCommit()).isNull();
  }

  @Test
  void aRetriedHeadCommitsItsOffsetWithEachNewCountThenTheSettledPrefixWithout() {
    PartitionProgress.Entry e10 = progress.track(10);
    PartitionProgress.Entry e11 = progress.track(11);
    progress.settle(e11);
    e10.retried = new RetriedInPlace(10, 2, 500);

    OffsetAndMetadata first = progress.nextCommit();
    assertThat(first).isEqualTo(new OffsetAndMetadata(10, e10.retried.metadata));
    progress.committed(first);
    assertThat(progress.hasCommit()).as("the count did not change").isFalse();
    assertThat(progress.nextCommit()).isNull();

    e10.retried = new RetriedInPlace(10, 3, 500);
    assertThat(progress.hasCommit()).isTrue();
    OffsetAndMetadata second = progress.nextCommit();
    assertThat(second).isEqualTo(new OffsetAndMetadata(10, e10.retried.metadata));
    progress.committed(second);

    progress.settle(e10);
    assertThat(progress.nextCommit())
        .as("past the retried record: no count any more")
        .isEqualTo(new OffsetAndMetadata(12));
  }

  @Test
  void aRetryBehindAnUnsettledHeadWaitsUntilItIsTheHead() {
    PartitionProgress.Entry e10 = progress.track(10);
    PartitionProgress.Entry e11 = progress.track(11);
    e11.retried = new RetriedInPlace(11, 2, 500);

    assertThat(progress.nextCommit()).isNull();

    progress.settle(e10);
    assertThat(progress.nextCommit()).isEqualTo(new OffsetAndMetadata(11, e11.retried.metadata));
  }

  @Test
  void theCountCommittedForTheFirstRecordIsCarriedToItAndNotCommittedAgain() {
    RetriedInPlace kept = new RetriedInPlace(10, 3, 500);
    progress.carry(new OffsetAndMetadata(10, kept.metadata));

    PartitionProgress.Entry e10 = progress.track(10);
    PartitionProgress.Entry e11 = progress.track(11);

    assertThat(e10.carried.attempt).isEqualTo(3);
    assertThat(e10.carried.firstFailureMillis).isEqualTo(500);
    assertThat(e11.carried).isNull();
    assertThat(progress.hasCommit()).as("committed already").isFalse();
    e10.retried = new RetriedInPlace(10, 4, 500);
    assertThat(progress.nextCommit()).isEqualTo(new OffsetAndMetadata(10, e10.retried.metadata));
  }

  @Test
  void aCountIsNotCarriedToAnotherRecord() {
    RetriedInPlace kept = new RetriedInPlace(10, 3, 500);
    progress.carry(new OffsetAndMetadata(10, kept.metadata));
    assertThat(progress.track(12).carried).as("record 10 is gone").isNull();

    PartitionProgress other = new PartitionProgress(new TopicPartition("t", 1), false);
    other.carry(new OffsetAndMetadata(20, kept.metadata));
    assertThat(other.track(20).carried).as("offset reset to 20 by a tool").isNull();

    PartitionProgress foreign = new PartitionProgress(new TopicPartition("t", 2), false);
    foreign.carry(new OffsetAndMetadata(10, "checkpoint written by another tool"));
    assertThat(foreign.track(10).carried).isNull();
  }
}
