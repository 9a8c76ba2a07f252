package dev.eventbus.kafka;

import dev.eventbus.kafka.internal.KafkaConfigTable;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.SettingTable;
import java.util.Map;

/**
 * Creates a {@link KafkaBroker} from configuration: {@code eventbus.broker=kafka} and the keys of
 * {@link #settings()} under {@code eventbus.kafka.}. {@link KafkaBroker.Builder}'s setters set the
 * same rows. Found by {@link java.util.ServiceLoader}. Stateless and thread-safe.
 *
 * <pre>{@code
 * eventbus.broker=kafka
 * eventbus.kafka.bootstrap-servers=kafka-1:9092,kafka-2:9092
 * eventbus.kafka.security.protocol=SASL_SSL
 * eventbus.kafka.sasl.mechanism=SCRAM-SHA-512
 * eventbus.kafka.sasl.username=billing
 * eventbus.kafka.sasl.password=${KAFKA_PASSWORD}
 * eventbus.kafka.client.receive.buffer.bytes=262144
 * }</pre>
 *
 * <p>Durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code
 * PT30S}).
 */
public final class KafkaBrokerProvider implements BrokerProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public KafkaBrokerProvider() {}

  @Override
  public String name() {
    return KafkaBroker.NAME;
  }

  /**
   * Builds a broker from the keys of {@link #settings()}.
   *
   * @throws dev.eventbus.ConfigurationException for an unknown key or an invalid value
   */
  @Override
  public KafkaBroker create(Map<String, String> config) {
    KafkaBroker.Builder builder = KafkaBroker.builder();
    KafkaConfigTable.TABLE.apply(config, builder.values());
    return builder.build();
  }

  @Override
  public SettingTable settings() {
    return KafkaConfigTable.TABLE;
  }
}
