package dev.eventbus.benchmarks.kafka;

import dev.eventbus.GroupOptions;
import dev.eventbus.benchmarks.load.Cases;
import dev.eventbus.benchmarks.load.Comparison;
import dev.eventbus.benchmarks.load.ComparisonReport;
import dev.eventbus.benchmarks.load.EventBusLoadClient;
import dev.eventbus.benchmarks.load.HarnessOptions;
import dev.eventbus.benchmarks.load.Measurements;
import dev.eventbus.benchmarks.load.Side;
import dev.eventbus.benchmarks.report.LibraryVersions;
import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.kafka.ContentMode;
import dev.eventbus.kafka.KafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Load harness: {@link KafkaBroker} through {@code EventBus} beside its peer and its raw client,
 * every side with the same {@link ClientSettings}, for each payload size: publish and consume
 * throughput and end-to-end latency at a fixed rate. The sides: eventbus; Spring Kafka ({@link
 * SpringKafkaClient}, the peer of the targets); kafka-clients with the adapter's envelope done by
 * hand ({@link CloudEventsEnvelope}, the same-work baseline); bare kafka-clients (the ceiling).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eventbus.benchmarks.kafka.KafkaLoad --bootstrap
 * host:port [--sizes 100,1024] [--warmup 10] [--seconds 3] [--rounds 3] [--drain 1000000] [--rate
 * 20000] [--doc docs/benchmarks.md]}. {@code --rate} is the fixed rate of every side's latency
 * measurement, events per second. The bootstrap servers default to {@code
 * EVENTBUS_KAFKA_BOOTSTRAP}. Topics are created with a unique prefix and deleted at the end.
 */
public final class KafkaLoad {
  static final String SECTION = "kafka";

  /**
   * Messages every side drains in a round by default: the publish windows leave different counts (a
   * side that publishes twice as fast leaves twice as many), and how fast a queue drains depends on
   * how much it holds.
   */
  static final long DEFAULT_DRAIN = 1_000_000;

  /** The fixed rate of the latency measurements by default, events per second (design.md). */
  static final double DEFAULT_RATE = 20_000;

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
            args,
            List.of("bootstrap", "sizes", "warmup", "seconds", "rounds", "drain", "rate", "doc"));
    String bootstrap = o.get("bootstrap", System.getenv("EVENTBUS_KAFKA_BOOTSTRAP"));
    if (bootstrap == null) {
      throw new IllegalArgumentException(
          "no Kafka broker: pass --bootstrap host:port or set EVENTBUS_KAFKA_BOOTSTRAP");
    }
    Measurements m = Measurements.fromOptions(o, DEFAULT_DRAIN);
    double rate = o.rate(DEFAULT_RATE);
    RunInfo info = RunInfo.start();
    String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    Cases cases = new Cases(KafkaLoad::log);
    try (BenchTopics topics = new BenchTopics(bootstrap)) {
      for (int size : o.sizes()) {
        cases.run(
            HarnessOptions.sizeLabel(size),
            prefix + "-" + size,
            names -> compare(bootstrap, topics, m, rate, size, names),
            names -> log(topics.deleteAll(names)));
      }
    }
    String section = ComparisonReport.render(info, settings(), m, cases);
    System.out.println(section);
    String doc = o.get("doc", null);
    if (doc != null) {
      new ResultsDocument(Path.of(doc))
          .replaceSection(SECTION, "Kafka: eventbus vs Spring Kafka and kafka-clients", section);
      log("wrote section '" + SECTION + "' of " + doc);
    }
  }

  private static List<String> settings() {
    return List.of(
        String.format(
            Locale.ROOT,
            "Every side: kafka-clients %s; acks=all, enable.idempotence=true, 5 requests in"
                + " flight, linger %d ms, batch %,d B, compression %s; topics of %d partitions,"
                + " replication 1, created before measuring; consumers: max.poll.records %d,"
                + " offsets committed asynchronously every %d ms, session %d s, heartbeat %d ms,"
                + " cooperative-sticky assignment; null keys (sticky partitioning).",
            LibraryVersions.of("kafka-clients"),
            ClientSettings.LINGER.toMillis(),
            ClientSettings.BATCH_SIZE,
            ClientSettings.COMPRESSION,
            ClientSettings.PARTITIONS,
            ClientSettings.MAX_POLL_RECORDS,
            ClientSettings.COMMIT_INTERVAL.toMillis(),
            ClientSettings.SESSION_TIMEOUT.toSeconds(),
            ClientSettings.HEARTBEAT.toMillis()),
        "eventbus: `EventBus.builder().broker(KafkaBroker.builder().bootstrapServers(..)"
            + ".topicPartitions(..).linger(..).batchSize(..).compression(..).commitInterval(..)"
            + ".clientProperty(\"max.poll.records\", ..).build())` with the settings above"
            + " (the adapter's defaults, given explicitly), default group options (4 handler"
            + " threads, 256 in flight), one consumer per subscription, the JSON codec (Jackson "
            + LibraryVersions.of("jackson")
            + "), `bus.publish(topic, record)` and `bus.subscribe(topic, group, LoadPayload.class,"
            + " handler)`.",
        "peer: Spring Kafka "
            + LibraryVersions.of("spring-kafka")
            + " without Spring Boot: `DefaultKafkaProducerFactory` (one shared producer) and"
            + " `KafkaTemplate.send(topic, record)` with `JacksonJsonSerializer` (Jackson "
            + LibraryVersions.of("jackson3")
            + "; Spring Kafka 4 deprecates the Jackson 2 `JsonSerializer` for removal), its"
            + " default `__TypeId__` header on; `ConcurrentMessageListenerContainer` with"
            + " concurrency "
            + ClientSettings.PARTITIONS
            + " (one consumer per partition), a record `MessageListener`,"
            + " `JacksonJsonDeserializer` to the same record, `AckMode.TIME` "
            + ClientSettings.COMMIT_INTERVAL.toMillis()
            + " ms, `syncCommits=false`; no application context (no metrics, no observation).",
        "raw + envelope: the raw client below; its producer adds the seven `ce_*` headers (id a"
            + " UUID v7, source, type, specversion, RFC 3339 time, datacontenttype, eventversion)"
            + " and sends the record as Jackson JSON, its consumer decodes every header to Strings"
            + " and the JSON with Jackson on the poll thread. raw: bare kafka-clients sending"
            + " fixed bytes (the send time in the first 8), one poll thread per group.",
        "Broker: single-node KRaft on loopback, on the same 2 cores as the clients.");
  }

  private static Comparison compare(
      String bootstrap, BenchTopics topics, Measurements m, double rate, int size, String names) {
    try (RawKafkaClient raw = new RawKafkaClient(bootstrap, size, topics);
        RawKafkaClient envelope = envelopeClient(bootstrap, size, topics);
        EventBusLoadClient adapter = adapterClient(bootstrap, size, topics);
        SpringKafkaClient spring = new SpringKafkaClient(bootstrap, size, topics)) {
      return Comparison.run(
          HarnessOptions.sizeLabel(size),
          m,
          rate,
          List.of(
              Side.eventBus(adapter),
              Side.peer("spring", spring),
              Side.sameWork(envelope),
              Side.ceiling(raw)),
          names,
          KafkaLoad::log);
    }
  }

  /**
   * The adapter through {@code EventBus}, with the shared settings.
   *
   * @param bootstrap the bootstrap servers
   * @param size the payload size
   * @param topics creates topics
   * @return the client
   */
  static EventBusLoadClient adapterClient(String bootstrap, int size, BenchTopics topics) {
    return adapterClient(bootstrap, size, topics, ContentMode.BINARY);
  }

  /**
   * The adapter through {@code EventBus}, with the shared settings and a content mode.
   *
   * @param bootstrap the bootstrap servers
   * @param size the payload size
   * @param topics creates topics
   * @param mode the content mode of published records
   * @return the client
   */
  static EventBusLoadClient adapterClient(
      String bootstrap, int size, BenchTopics topics, ContentMode mode) {
    return adapterClient(bootstrap, size, topics, mode, GroupOptions.DEFAULT_CONCURRENCY);
  }

  /**
   * The adapter through {@code EventBus}, with a content mode and a number of handler threads.
   *
   * @param bootstrap the bootstrap servers
   * @param size the payload size
   * @param topics creates topics
   * @param mode the content mode of published records
   * @param concurrency handler threads per group
   * @return the client
   */
  static EventBusLoadClient adapterClient(
      String bootstrap, int size, BenchTopics topics, ContentMode mode, int concurrency) {
    String name =
        mode == ContentMode.BINARY
            ? "KafkaBroker via EventBus"
            : "KafkaBroker via EventBus, " + mode.name().toLowerCase(java.util.Locale.ROOT);
    return new EventBusLoadClient(
        concurrency == GroupOptions.DEFAULT_CONCURRENCY
            ? name
            : name + ", " + concurrency + " handler thread(s)",
        ClientSettings.adapter(bootstrap).contentMode(mode).build(),
        size,
        (bus, topic, group) -> topics.create(topic),
        concurrency);
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
