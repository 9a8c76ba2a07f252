package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.kafka.internal.KafkaConfigTable;
import org.junit.jupiter.api.Test;

/**
 * The {@code DEFAULT_*} constants of {@link KafkaBroker} that users may have used where Java wants
 * a compile-time constant stay such constants, and equal their configuration rows' defaults.
 */
class KafkaBrokerDefaultsTest {
  // An annotation value must be a constant expression: this does not compile if one is not.
  @interface Uses {
    String clientId();

    int partitions();

    int batchSize();

    String compression();

    int maxRequestSize();
  }

  @Uses(
      clientId = KafkaBroker.DEFAULT_CLIENT_ID,
      partitions = KafkaBroker.DEFAULT_TOPIC_PARTITIONS,
      batchSize = KafkaBroker.DEFAULT_BATCH_SIZE,
      compression = KafkaBroker.DEFAULT_COMPRESSION,
      maxRequestSize = KafkaBroker.DEFAULT_MAX_REQUEST_SIZE)
  @Test
  void theConstantsAreTheRowsDefaults() {
    assertThat(KafkaBroker.DEFAULT_CLIENT_ID).isEqualTo(KafkaConfigTable.CLIENT_ID.defaultValue());
    assertThat(KafkaBroker.DEFAULT_TOPIC_PARTITIONS)
        .isEqualTo(KafkaConfigTable.TOPIC_PARTITIONS.defaultValue());
    assertThat(KafkaBroker.DEFAULT_BATCH_SIZE)
        .isEqualTo(KafkaConfigTable.PRODUCER_BATCH_SIZE.defaultValue());
    assertThat(KafkaBroker.DEFAULT_COMPRESSION)
        .isEqualTo(KafkaConfigTable.PRODUCER_COMPRESSION.defaultValue());
    assertThat(KafkaBroker.DEFAULT_MAX_REQUEST_SIZE)
        .isEqualTo(KafkaConfigTable.PRODUCER_MAX_REQUEST_SIZE.defaultValue());
    assertThat(KafkaBroker.DEFAULT_LINGER)
        .isEqualTo(KafkaConfigTable.PRODUCER_LINGER.defaultValue());
  }
}
