package dev.eventbus.benchmarks.kafka;

import dev.eventbus.benchmarks.load.Cases;
import dev.eventbus.benchmarks.load.Comparison;
import dev.eventbus.benchmarks.load.ComparisonReport;
import dev.eventbus.benchmarks.load.EventBusLoadClient;
import dev.eventbus.benchmarks.load.HarnessOptions;
import dev.eventbus.benchmarks.load.Measurements;
import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.kafka.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Load harness: {@link KafkaBroker} through {@code EventBus} beside kafka-clients with the same
 * settings, for each payload size: publish and consume throughput and fixed-rate end-to-end
 * latency. kafka-clients runs twice: bare (the baseline of the targets), and with the adapter's
 * envelope done by hand ({@link CloudEventsEnvelope}), which tells the envelope's cost apart from
 * the adapter's.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eventbus.benchmarks.kafka.KafkaLoad --bootstrap
 * host:port [--sizes 100,1024] [--warmup 10] [--seconds 3] [--rounds 3] [--doc
 * docs/benchmarks.md]}. The bootstrap servers default to {@code EVENTBUS_KAFKA_BOOTSTRAP}. Topics
 * are created with a unique prefix and deleted at the end.
 */
public final class KafkaLoad {
  static final String SECTION = "kafka";

  private KafkaLoad() {}

  /**
   * Runs the comparison.
   *
   * @param args see the class documentation
   * @throws Exception if a measurement fails
   */
  public static void main(String[] args) throws Exception {
    HarnessOptions o =
        HarnessOptions.parse(
            args, List.of("bootstrap", "sizes", "warmup", "seconds", "rounds", "doc"));
    String bootstrap = o.get("bootstrap", System.getenv("EVENTBUS_KAFKA_BOOTSTRAP"));
    if (bootstrap == null) {
      throw new IllegalArgumentException(
          "no Kafka broker: pass --bootstrap host:port or set EVENTBUS_KAFKA_BOOTSTRAP");
    }
    Duration warmup = o.seconds("warmup", 10);
    Duration window = o.seconds("seconds", 3);
    Measurements m = new Measurements(warmup, window, Integer.parseInt(o.get("rounds", "3")));
    RunInfo info = RunInfo.start();
    String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    Cases cases = new Cases(KafkaLoad::log);
    try (BenchTopics topics = new BenchTopics(bootstrap)) {
      for (int size : o.sizes()) {
        cases.run(
            HarnessOptions.sizeLabel(size),
            prefix + "-" + size,
            names -> compare(bootstrap, topics, m, size, names),
            names -> log(topics.deleteAll(names)));
      }
    }
    String settings =
        String.format(
            Locale.ROOT,
            "Both sides: acks=all, idempotent producer, linger %d ms, batch %,d B, compression %s,"
                + " %d partitions, replication 1; consumers: max.poll.records %d, manual commits"
                + " every %d ms. Adapter: `EventBus.builder().broker(KafkaBroker.builder()"
                + ".bootstrapServers(..).build())` with default group options (4 handler threads,"
                + " 256 in flight) and the JSON codec. Raw + envelope: the raw client's settings;"
                + " its producer adds the seven `ce_*` headers (id a UUID v7, source, type,"
                + " specversion, RFC 3339 time, datacontenttype, eventversion) and sends the"
                + " payload as Jackson JSON, its consumer decodes every header to Strings and the"
                + " JSON with Jackson on the poll thread. Broker: single-node KRaft on loopback, on"
                + " the same 2 cores as the clients.",
            KafkaBroker.DEFAULT_LINGER.toMillis(),
            KafkaBroker.DEFAULT_BATCH_SIZE,
            KafkaBroker.DEFAULT_COMPRESSION,
            KafkaBroker.DEFAULT_TOPIC_PARTITIONS,
            Math.min(dev.eventbus.GroupOptions.DEFAULT_MAX_IN_FLIGHT, 500),
            KafkaBroker.DEFAULT_COMMIT_INTERVAL.toMillis());
    String section = ComparisonReport.render(info, settings, m, cases);
    System.out.println(section);
    String doc = o.get("doc", null);
    if (doc != null) {
      new ResultsDocument(Path.of(doc))
          .replaceSection(SECTION, "Kafka adapter vs kafka-clients", section);
      log("wrote section '" + SECTION + "' of " + doc);
    }
  }

  private static Comparison compare(
      String bootstrap, BenchTopics topics, Measurements m, int size, String names) {
    try (RawKafkaClient raw = new RawKafkaClient(bootstrap, size, topics);
        RawKafkaClient envelope = envelopeClient(bootstrap, size, topics);
        EventBusLoadClient adapter =
            new EventBusLoadClient(
                "KafkaBroker via EventBus",
                KafkaBroker.builder().bootstrapServers(bootstrap).clientId("bench").build(),
                size,
                (bus, topic, group) -> topics.create(topic))) {
      return Comparison.run(
          HarnessOptions.sizeLabel(size), m, raw, adapter, envelope, names, KafkaLoad::log);
    }
  }

  /**
   * kafka-clients with the adapter's envelope, and the bare client's settings.
   *
   * @param bootstrap the bootstrap servers
   * @param size the payload size
   * @param topics creates topics
   * @return the client
   */
  static RawKafkaClient envelopeClient(String bootstrap, int size, BenchTopics topics) {
    return new RawKafkaClient(
        "kafka-clients + envelope",
        "bench-envelope",
        bootstrap,
        new CloudEventsEnvelope(size),
        topics);
  }

  static void log(String line) {
    if (!line.isEmpty()) {
      System.out.println("[kafka-load] " + line);
    }
  }
}
