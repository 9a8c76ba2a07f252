package dev.eventbus.kafka.internal;

import static dev.eventbus.spi.Setting.Check.range;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import dev.eventbus.kafka.ContentMode;
import dev.eventbus.kafka.KafkaBroker;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingBuilder;
import dev.eventbus.spi.SettingTable;
import dev.eventbus.spi.SettingTypes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Kafka broker's configuration keys (under {@value #PREFIX}) as typed rows, in documentation
 * order, each written once; the builder's setters and flat configuration set the same rows, and
 * {@link KafkaSettings#from} adds the rules that span keys. Immutable.
 */
public final class KafkaConfigTable {
  /** The prefix the bus strips before handing the keys to the provider. */
  public static final String PREFIX = "eventbus.kafka.";

  /** Replication factor meaning "the broker's default.replication.factor". */
  static final int BROKER_DEFAULT_REPLICATION = -1;

  private static final Pattern HOST_PORT = Pattern.compile(".+:0*([1-9][0-9]{0,4})");
  private static final List<Setting<?>> ROWS = new ArrayList<>();

  public static final Setting<String> BOOTSTRAP_SERVERS =
      row(
          Setting.of("bootstrap-servers", Setting.STRING)
              .required()
              .defaultText("(required)")
              .check(
                  KafkaConfigTable::hostPorts,
                  "comma-separated host:port pairs, for example localhost:9092"),
          "Comma-separated `host:port` pairs of the brokers to bootstrap from.");
  public static final Setting<String> CLIENT_ID =
      row(
          Setting.of("client-id", Setting.STRING)
              .defaultValue(KafkaBroker.DEFAULT_CLIENT_ID)
              .check(Setting.Check.nonBlank("a non-blank id")),
          "Prefix of the Kafka client ids (consumers add the group and a number).");
  public static final Setting<Integer> TOPIC_PARTITIONS =
      row(
          Setting.of("topic.partitions", Setting.INT)
              .defaultValue(KafkaBroker.DEFAULT_TOPIC_PARTITIONS)
              .check(range(1, 10_000)),
          "Partitions of the topics and retry topics the adapter creates (1 to 10000).");
  public static final Setting<Integer> TOPIC_REPLICATION_FACTOR =
      row(
          Setting.of("topic.replication-factor", Setting.INT)
              .defaultValue(BROKER_DEFAULT_REPLICATION)
              .check(
                  v -> v == BROKER_DEFAULT_REPLICATION || v >= 1 && v <= Short.MAX_VALUE,
                  "-1 (broker default) or 1 to 32767"),
          "Replication factor of created topics; -1 uses the broker's"
              + " `default.replication.factor`.");
  public static final Setting<Boolean> TOPIC_AUTO_CREATE =
      row(
          Setting.of("topic.auto-create", Setting.BOOLEAN).defaultValue(true),
          "Create missing topics, retry topics (`<topic>.<group>.retry`) and dead-letter topics"
              + " (`<topic>.<group>.dlq`, compacted) with the admin client; if false they must"
              + " exist.");
  public static final Setting<Duration> PRODUCER_LINGER =
      row(
          Setting.duration("producer.linger", ofMillis(5), Duration.ZERO, ofSeconds(30)),
          "Producer `linger.ms`: how long to wait to fill a batch (0 to 30s).");
  public static final Setting<Integer> PRODUCER_BATCH_SIZE =
      row(
          Setting.of("producer.batch-size", Setting.INT)
              .defaultValue(KafkaBroker.DEFAULT_BATCH_SIZE)
              .check(v -> v >= 0 && v <= 16 << 20, "a size from 0 to 16777216 bytes (16 MiB)"),
          "Producer `batch.size` in bytes (0 to 16 MiB).");
  public static final Setting<String> PRODUCER_COMPRESSION =
      row(
          Setting.of("producer.compression", Setting.STRING)
              .defaultValue(KafkaBroker.DEFAULT_COMPRESSION)
              .check(SettingTypes.oneOf("none", "gzip", "snappy", "lz4", "zstd")),
          "Producer `compression.type`: none, gzip, snappy, lz4 or zstd.");
  public static final Setting<ContentMode> PRODUCER_CONTENT_MODE =
      row(
          Setting.of("producer.content-mode", SettingTypes.lowerCaseEnum(ContentMode.class))
              .defaultValue(ContentMode.BINARY),
          "CloudEvents content mode of published records: `binary` (attributes as `ce_*`"
              + " headers) or `structured` (one `application/cloudevents+json` document), for"
              + " every topic without a `topic.<name>.content-mode` of its own. Both are always"
              + " read.");
  public static final Setting<ContentMode> TOPIC_CONTENT_MODE =
      row(
          Setting.of("topic.<name>.content-mode", SettingTypes.lowerCaseEnum(ContentMode.class)),
          "Content mode of the records published to one topic (its retry copies too), over"
              + " `producer.content-mode`: `binary` or `structured`. Both are always read.");
  public static final Setting<Integer> PRODUCER_MAX_REQUEST_SIZE =
      row(
          Setting.of("producer.max-request-size", Setting.INT)
              .defaultValue(KafkaBroker.DEFAULT_MAX_REQUEST_SIZE)
              .check(
                  v -> v >= 1024 && v <= 100 << 20,
                  "a size from 1024 to 104857600 bytes (1 KiB to 100 MiB)"),
          "Producer `max.request.size` in bytes: the largest event (1 KiB to 100 MiB).");
  public static final Setting<Duration> PRODUCER_DELIVERY_TIMEOUT =
      row(
          Setting.of("producer.delivery-timeout", Setting.DURATION)
              .defaultText("the bus's publish timeout")
              .check(Setting.Check.range(ofSeconds(1), ofDays(1))),
          "Producer `delivery.timeout.ms` and `max.block.ms`: how long a record may wait for"
              + " Kafka, retries included, before its publish fails. By default the bus's"
              + " `eventbus.publish.timeout`, so that a publish fails within it.");
  public static final Setting<Duration> CONSUMER_MAX_POLL_INTERVAL =
      row(
          Setting.duration("consumer.max-poll-interval", ofMinutes(5), ofSeconds(1), ofDays(1)),
          "Consumer `max.poll.interval.ms`. Slow handlers do not count against it: the poll"
              + " thread never waits for them.");
  public static final Setting<Duration> CONSUMER_SESSION_TIMEOUT =
      row(
          Setting.duration("consumer.session-timeout", ofSeconds(45), ofSeconds(1), ofMinutes(30)),
          "Consumer `session.timeout.ms` (classic group protocol): how soon a dead member is"
              + " replaced.");
  public static final Setting<Duration> CONSUMER_COMMIT_INTERVAL =
      row(
          Setting.duration("consumer.commit-interval", ofMillis(100), Duration.ZERO, ofMinutes(1)),
          "How often settled offsets are committed at most.");
  public static final Setting<String> SECURITY_PROTOCOL =
      row(
          Setting.of("security.protocol", Setting.STRING)
              .defaultValue("PLAINTEXT")
              .check(SettingTypes.oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL")),
          "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.");
  public static final Setting<String> SASL_MECHANISM =
      text(
          "sasl.mechanism",
          "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (others through `client.sasl.jaas.config`).");
  public static final Setting<String> SASL_USERNAME = text("sasl.username", "SASL user name.");
  public static final Setting<String> SASL_PASSWORD = secret("sasl.password", "SASL password");
  public static final Setting<String> SSL_TRUSTSTORE_LOCATION =
      text("ssl.truststore.location", "Trust store file for TLS; the JVM's trust store if unset.");
  public static final Setting<String> SSL_TRUSTSTORE_PASSWORD =
      secret("ssl.truststore.password", "Trust store password");
  public static final Setting<String> SSL_TRUSTSTORE_TYPE =
      storeType("ssl.truststore.type", "Trust store");
  public static final Setting<String> SSL_KEYSTORE_LOCATION =
      text("ssl.keystore.location", "Key store file for TLS client authentication.");
  public static final Setting<String> SSL_KEYSTORE_PASSWORD =
      secret("ssl.keystore.password", "Key store password");
  public static final Setting<String> SSL_KEYSTORE_TYPE =
      storeType("ssl.keystore.type", "Key store");
  public static final Setting<String> SSL_KEY_PASSWORD =
      secret("ssl.key.password", "Password of the private key in the key store");
  public static final Setting<Boolean> SSL_ENDPOINT_IDENTIFICATION =
      row(
          Setting.of("ssl.endpoint-identification", Setting.BOOLEAN).defaultValue(true),
          "Whether TLS checks that the broker's certificate names its host.");
  public static final Setting<String> CLIENT_PROPERTY =
      row(
          Setting.of("client.<property>", Setting.STRING)
              .secretWhen(ClientPropertyDefinitions::holdsSecret),
          "Any kafka-clients property, passed as is to every client, for example"
              + " `client.receive.buffer.bytes`. The build fails for a name kafka-clients does"
              + " not define (the nearest is suggested), a value its definition rejects, and the"
              + " properties the guarantees rest on (acks, enable.idempotence, enable.auto.commit,"
              + " serializers, group.id, auto.offset.reset). Password values are never shown.");
  public static final Setting<Instant> GROUP_START_TIME =
      row(
          Setting.of("group.<name>.start-time", SettingTypes.INSTANT),
          "ISO-8601 instant: the group, when new to a topic, starts at the first event at or"
              + " after it (replay from a point in time).");

  /** Every key, in documentation order. */
  public static final SettingTable TABLE = new SettingTable(PREFIX, ROWS);

  private KafkaConfigTable() {}

  private static <T> Setting<T> row(SettingBuilder<T> row, String doc) {
    Setting<T> setting = row.doc(doc).build();
    ROWS.add(setting);
    return setting;
  }

  private static Setting<String> secret(String name, String what) {
    return row(Setting.of(name, Setting.STRING).secret(), what + " (secret).");
  }

  private static Setting<String> storeType(String name, String store) {
    return row(
        Setting.of(name, Setting.STRING).check(SettingTypes.oneOf("JKS", "PKCS12", "PEM")),
        store + " type, as kafka-clients reads it; Kafka's default (JKS) if unset.");
  }

  private static Setting<String> text(String name, String doc) {
    return row(Setting.of(name, Setting.STRING), doc);
  }

  /** Ports from 1 to 65535. */
  private static boolean hostPorts(String servers) {
    return !servers.isBlank()
        && Arrays.stream(servers.split(","))
            .map(s -> HOST_PORT.matcher(s.trim()))
            .allMatch(m -> m.matches() && Integer.parseInt(m.group(1)) <= 65_535);
  }
}
