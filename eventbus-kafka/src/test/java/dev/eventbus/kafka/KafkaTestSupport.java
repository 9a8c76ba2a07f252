package dev.eventbus.kafka;

import java.time.Duration;
import java.util.UUID;

/** Settings the tests share: short session timeouts so that a dead member is replaced quickly. */
final class KafkaTestSupport {
  private KafkaTestSupport() {}

  /**
   * A builder connected to the test broker, with small topics and fast group membership.
   *
   * @param kafka the test broker
   * @return a builder to adjust further
   */
  static KafkaBroker.Builder brokerBuilder(KafkaTestBroker kafka) {
    return KafkaBroker.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .clientId("eventbus-test")
        .topicPartitions(3)
        .sessionTimeout(Duration.ofSeconds(6));
  }

  /**
   * A name no other test uses.
   *
   * @param prefix what it is for
   * @return {@code prefix-<random>}
   */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
