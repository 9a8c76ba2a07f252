package dev.eventbus.benchmarks.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
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
import dev.eventbus.rabbitmq.QueueType;
import dev.eventbus.rabbitmq.RabbitMqBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Load harness: {@link RabbitMqBroker} through {@code EventBus} beside its peer and its raw client,
 * every side with the adapter's confirm window, prefetch, ack batching and queue arguments, for
 * each queue type and payload size: publish (confirmed) and consume throughput and end-to-end
 * latency at a fixed rate. The sides: eventbus; Spring AMQP in two publish modes ({@link
 * SpringAmqpClient}, the peers of the targets); amqp-client writing the adapter's envelope by hand
 * ({@link CloudEventsMessages}, the same-work baseline); bare amqp-client (the ceiling).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eventbus.benchmarks.rabbitmq.RabbitMqLoad [--uri
 * amqp://guest:guest@127.0.0.1:5672/] [--queue-types classic,quorum] [--sizes 100,1024] [--warmup
 * 10] [--seconds 3] [--rounds 3] [--drain 50000] [--rate 2000] [--doc docs/benchmarks.md]}. {@code
 * --rate} is the fixed rate of every side's latency measurement, events per second. The URI
 * defaults to {@code EVENTBUS_RABBITMQ_URI}, then the local server. Exchanges and queues get a
 * unique prefix and are deleted at the end.
 */
public final class RabbitMqLoad {
  static final String SECTION = "rabbitmq";

  /**
   * Messages every side drains in a round by default: the publish windows leave different counts (a
   * side that publishes twice as fast leaves twice as many), and how fast a queue drains depends on
   * how much it holds.
   */
  static final long DEFAULT_DRAIN = 50_000;

  /** The fixed rate of the latency measurements by default, events per second (design.md). */
  static final double DEFAULT_RATE = 2_000;

  /** The keys of the sides, in the order of the first round. */
  private static final List<String> KEYS =
      List.of("adapter", "spring", "spring-batch", "envelope", "raw");

  private RabbitMqLoad() {}

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
            List.of(
                "uri",
                "queue-types",
                "sizes",
                "warmup",
                "seconds",
                "rounds",
                "drain",
                "rate",
                "doc"));
    String uri =
        o.get(
            "uri",
            System.getenv().getOrDefault("EVENTBUS_RABBITMQ_URI", "amqp://guest:guest@127.0.0.1"));
    Measurements m = Measurements.fromOptions(o, DEFAULT_DRAIN);
    double rate = o.rate(DEFAULT_RATE);
    RunInfo info = RunInfo.start();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36);
    Cases cases = new Cases(RabbitMqLoad::log);
    for (String t : o.get("queue-types", "classic,quorum").split(",")) {
      QueueType type = QueueType.valueOf(t.trim().toUpperCase(Locale.ROOT));
      for (int size : o.sizes()) {
        String label = t.trim() + ", " + HarnessOptions.sizeLabel(size);
        cases.run(
            label,
            prefix + "-" + t.trim() + "-" + size,
            names -> compare(factory, uri, type, size, label, names, m, rate),
            names -> cleanUp(factory, names, m.rounds()));
      }
    }
    String section = ComparisonReport.render(info, settings(), m, cases);
    System.out.println(section);
    String doc = o.get("doc", null);
    if (doc != null) {
      new ResultsDocument(Path.of(doc))
          .replaceSection(SECTION, "RabbitMQ: eventbus vs Spring AMQP and amqp-client", section);
      log("wrote section '" + SECTION + "' of " + doc);
    }
  }

  private static List<String> settings() {
    return List.of(
        String.format(
            Locale.ROOT,
            "Every side: amqp-client %s; publisher confirms with at most %d unconfirmed,"
                + " persistent messages to a durable topic exchange, one publishing and one"
                + " consuming connection; queues with a dead-letter queue, as the adapter declares"
                + " them by default; one consumer per group, prefetch %d, acks batched as one"
                + " multiple ack per %d deliveries or %d ms.",
            LibraryVersions.of("amqp-client"),
            RawRabbitMqClient.CONFIRM_WINDOW,
            RawRabbitMqClient.PREFETCH,
            RawRabbitMqClient.EFFECTIVE_ACK_BATCH,
            RawRabbitMqClient.ACK_DELAY.toMillis()),
        "eventbus: `EventBus.builder().broker(RabbitMqBroker.builder().uri(..).queueType(..)"
            + ".confirmWindow(..).ackBatchSize(..).build())` with default group options (4"
            + " handler threads, 256 in flight, so prefetch 256), the JSON codec (Jackson "
            + LibraryVersions.of("jackson")
            + "), `bus.publish(topic, record)`, `bus.subscribe(topic, group, LoadPayload.class,"
            + " handler)`.",
        "peers: Spring AMQP "
            + LibraryVersions.of("spring-amqp")
            + " without Spring Boot: `CachingConnectionFactory`, `RabbitTemplate` (publisher"
            + " connection) with `JacksonJsonMessageConverter` (Jackson "
            + LibraryVersions.of("jackson3")
            + "; Spring AMQP 4 deprecates the Jackson 2 `Jackson2JsonMessageConverter` for"
            + " removal), publishing in two modes: correlated confirms"
            + " (`ConfirmType.CORRELATED`, a `CorrelationData` per message whose future completes"
            + " the send, a semaphore of the confirm window), and, as Spring's best case,"
            + " `RabbitTemplate.invoke(..)` publishing whatever is queued (up to the window) and"
            + " `waitForConfirmsOrDie` once per batch (`ConfirmType.SIMPLE`, on a publishing"
            + " thread). Both consume with a `DirectMessageListenerContainer`, one consumer,"
            + " `prefetchCount` "
            + RawRabbitMqClient.PREFETCH
            + ", `messagesPerAck` "
            + RawRabbitMqClient.EFFECTIVE_ACK_BATCH
            + ", `ackTimeout` "
            + RawRabbitMqClient.ACK_DELAY.toMillis()
            + " ms, a `MessageListener` that converts each message with the same converter.",
        "raw + envelope: the raw client below writing and reading what the adapter puts in a"
            + " message (six `cloudEvents:*` headers, the content type, a Jackson-encoded body),"
            + " with nothing else of the adapter's. raw: bare amqp-client sending fixed bytes.",
        "Server: the local RabbitMQ on loopback, on the same 2 cores as the clients.");
  }

  private static Comparison compare(
      ConnectionFactory factory,
      String uri,
      QueueType type,
      int size,
      String label,
      String names,
      Measurements m,
      double rate)
      throws Exception {
    try (RawRabbitMqClient raw =
            new RawRabbitMqClient("amqp-client", MessageFormat.bare(size), factory, type);
        RawRabbitMqClient envelope =
            new RawRabbitMqClient(
                "amqp-client + envelope", new CloudEventsMessages(size), factory, type);
        EventBusLoadClient adapter =
            new EventBusLoadClient(
                "RabbitMqBroker via EventBus",
                RabbitMqBroker.builder()
                    .uri(uri)
                    .queueType(type)
                    .confirmWindow(RawRabbitMqClient.CONFIRM_WINDOW)
                    .ackBatchSize(RawRabbitMqClient.ACK_BATCH)
                    .connectionName("bench-adapter")
                    .build(),
                size,
                EventBusLoadClient::declareGroup);
        SpringAmqpClient spring =
            new SpringAmqpClient(factory, type, size, SpringAmqpClient.PublishMode.CORRELATED);
        SpringAmqpClient springBatch =
            new SpringAmqpClient(factory, type, size, SpringAmqpClient.PublishMode.BATCHED)) {
      List<Side> sides =
          List.of(
              Side.eventBus(adapter),
              Side.peer("spring", spring),
              Side.peer("spring-batch", springBatch),
              Side.sameWork(envelope),
              Side.ceiling(raw));
      return Comparison.run(label, m, rate, sides, names, RabbitMqLoad::log);
    }
  }

  /** Deletes the exchanges and queues of one case: every name the case used starts with it. */
  private static void cleanUp(ConnectionFactory factory, String names, int rounds) {
    String group = Comparison.group(names);
    try (Connection c = factory.newConnection("bench-cleanup")) {
      for (String topic : Comparison.topics(names, KEYS, rounds)) {
        String queue = QueueArguments.queue(topic, group);
        for (String q : List.of(queue, QueueArguments.deadLetterQueue(queue))) {
          try (Channel ch = c.createChannel()) {
            ch.queueDelete(q);
          }
        }
        try (Channel ch = c.createChannel()) {
          ch.exchangeDelete(topic);
        }
      }
    } catch (IOException | java.util.concurrent.TimeoutException e) {
      log("could not delete the benchmark queues " + names + "*: " + e);
    }
  }

  static void log(String line) {
    System.out.println("[rabbitmq-load] " + line);
  }
}
