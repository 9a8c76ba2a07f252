package dev.eventbus.benchmarks.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.eventbus.GroupOptions;
import dev.eventbus.benchmarks.load.Cases;
import dev.eventbus.benchmarks.load.Comparison;
import dev.eventbus.benchmarks.load.ComparisonReport;
import dev.eventbus.benchmarks.load.EventBusLoadClient;
import dev.eventbus.benchmarks.load.HarnessOptions;
import dev.eventbus.benchmarks.load.Measurements;
import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.rabbitmq.QueueType;
import dev.eventbus.rabbitmq.RabbitMqBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Load harness: {@link RabbitMqBroker} through {@code EventBus} beside amqp-client with the same
 * confirm window, prefetch and ack batching, for classic and quorum queues and each payload size:
 * publish (with confirms) and consume throughput and fixed-rate end-to-end latency.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eventbus.benchmarks.rabbitmq.RabbitMqLoad [--uri
 * amqp://guest:guest@127.0.0.1:5672/] [--queue-types classic,quorum] [--sizes 100,1024] [--warmup
 * 10] [--seconds 3] [--rounds 3] [--doc docs/benchmarks.md]}. The URI defaults to {@code
 * EVENTBUS_RABBITMQ_URI}, then the local server. Exchanges and queues get a unique prefix and are
 * deleted at the end.
 */
public final class RabbitMqLoad {
  static final String SECTION = "rabbitmq";

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
            args, List.of("uri", "queue-types", "sizes", "warmup", "seconds", "rounds", "doc"));
    String uri =
        o.get(
            "uri",
            System.getenv().getOrDefault("EVENTBUS_RABBITMQ_URI", "amqp://guest:guest@127.0.0.1"));
    Duration warmup = o.seconds("warmup", 10);
    Duration window = o.seconds("seconds", 3);
    Measurements m = new Measurements(warmup, window, Integer.parseInt(o.get("rounds", "3")));
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
            names -> compare(factory, uri, type, size, label, names, m),
            names -> cleanUp(factory, names, m.rounds()));
      }
    }
    String settings =
        String.format(
            Locale.ROOT,
            "Both sides: publisher confirms with at most %d unconfirmed, persistent messages to a"
                + " durable topic exchange, one publishing and one consuming connection; queues"
                + " with a dead-letter queue, as the adapter declares them by default; prefetch %d, acks batched"
                + " as one multiple ack per %d deliveries or %d ms, whichever comes first."
                + " Adapter: `EventBus.builder().broker(RabbitMqBroker.builder()"
                + ".uri(..).queueType(..).build())` with default group options (4 handler threads,"
                + " 256 in flight) and the JSON codec. Server: the local RabbitMQ on loopback, on"
                + " the same 2 cores as the clients. Raw + envelope: the raw client writing and"
                + " reading what the adapter puts in a message (six `cloudEvents:*` headers, the"
                + " content type, a Jackson-encoded body), with nothing else of the adapter's.",
            RawRabbitMqClient.CONFIRM_WINDOW,
            GroupOptions.DEFAULT_MAX_IN_FLIGHT,
            Math.min(RawRabbitMqClient.ACK_BATCH, GroupOptions.DEFAULT_MAX_IN_FLIGHT / 4),
            RawRabbitMqClient.ACK_DELAY.toMillis());
    String section = ComparisonReport.render(info, settings, m, cases);
    System.out.println(section);
    String doc = o.get("doc", null);
    if (doc != null) {
      new ResultsDocument(Path.of(doc))
          .replaceSection(SECTION, "RabbitMQ adapter vs amqp-client", section);
      log("wrote section '" + SECTION + "' of " + doc);
    }
  }

  private static Comparison compare(
      ConnectionFactory factory,
      String uri,
      QueueType type,
      int size,
      String label,
      String names,
      Measurements m)
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
                EventBusLoadClient::declareGroup)) {
      return Comparison.run(label, m, raw, adapter, envelope, names, RabbitMqLoad::log);
    }
  }

  /** Deletes the exchanges and queues of one case: every name the case used starts with it. */
  private static void cleanUp(ConnectionFactory factory, String names, int rounds) {
    String group = Comparison.group(names);
    try (Connection c = factory.newConnection("bench-cleanup")) {
      for (String topic : Comparison.topics(names, rounds, true)) {
        for (String queue : List.of(topic + "." + group, topic + "." + group + ".dlq")) {
          try (Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
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
