package dev.eventbus.benchmarks.eventbridge;

import dev.eventbus.EventBus;
import dev.eventbus.Subscription;
import dev.eventbus.benchmarks.load.HarnessOptions;
import dev.eventbus.benchmarks.load.LoadPayload;
import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.benchmarks.report.Table;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The EventBridge adapter against ElasticMQ embedded in this JVM and the adapter tests' local
 * EventBridge endpoint. A main class: {@code EventBridgeLoad [--sizes 100,1024] [--messages 5000]
 * [--publish 5000] [--doc docs/benchmarks.md]}.
 *
 * <p>Consume: the group's queue, and a plain queue for the raw client, are filled directly with
 * SendMessageBatch with copies of one body the adapter itself published through the local endpoint
 * (fresh ids in each); then {@code bus.subscribe(topic, group, LoadPayload.class, handler)} (one
 * poller, ReceiveMessage of up to 10, deletes batched) and {@link RawSqsConsumer} (one thread,
 * ReceiveMessage of 10, DeleteMessageBatch) each drain {@code --messages}, after a warm-up of a
 * fifth of that. Publish: {@code bus.publish} of {@code --publish} events, all futures awaited;
 * entries per PutEvents call from the adapter's meters {@code
 * eventbus.eventbridge.putevents.requests} and {@code .entries}. Not thread-safe.
 */
public final class EventBridgeLoad {
  private static final String SECTION = "eventbridge";
  private static final Duration WAIT = Duration.ofMinutes(5);

  private EventBridgeLoad() {}

  /**
   * Runs the harness and writes its section.
   *
   * @param args the options
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    HarnessOptions o = HarnessOptions.parse(args, List.of("sizes", "messages", "publish", "doc"));
    int[] sizes =
        Arrays.stream(o.get("sizes", "100,1024").split(",")).mapToInt(Integer::parseInt).toArray();
    int messages = Integer.parseInt(o.get("messages", "5000"));
    int publishes = Integer.parseInt(o.get("publish", "5000"));
    RunInfo info = RunInfo.start();
    Table consume =
        new Table("payload", "messages", "adapter msg/s", "raw SDK msg/s", "adapter / raw");
    Table publish =
        new Table("payload", "events", "events/s", "PutEvents calls", "entries per call");
    try (LocalAws aws = new LocalAws()) {
      for (int size : sizes) {
        String filler = LoadPayload.filler(size);
        QueueFill fill = template(aws, "c" + size, filler);
        log("payload " + size + " B: SQS body of " + fill.bodyLength() + " chars");
        consume(aws, fill, "c" + size, messages / 5);
        double[] rates = consume(aws, fill, "c" + size, messages);
        consume.row(
            size + " B",
            Table.count(messages),
            Table.count(rates[0]),
            Table.count(rates[1]),
            Table.ratio(rates[0] / rates[1]));
        publish(aws, "p" + size, filler, publishes / 5, null);
        publish(aws, "p" + size, filler, publishes, publish);
      }
    }
    String section =
        info.toMarkdown()
            + "\nConsume, group queue and raw queue pre-filled with the same bodies:\n\n"
            + consume.toMarkdown()
            + "\nPublish through the local EventBridge endpoint (no rule matches, so nothing is"
            + " delivered):\n\n"
            + publish.toMarkdown();
    System.out.println(section);
    String doc = o.get("doc", null);
    if (doc != null) {
      new ResultsDocument(Path.of(doc))
          .replaceSection(SECTION, "EventBridge adapter vs AWS SDK v2 (ElasticMQ)", section);
      log("wrote section '" + SECTION + "' of " + doc);
    }
  }

  private static EventBus bus(LocalAws aws, SimpleMeterRegistry meters) {
    return EventBus.builder()
        .broker(aws.broker().build())
        .registerType(LoadPayload.class)
        .meterRegistry(meters)
        .build()
        .start();
  }

  /** Provisions the group's queue and rule, publishes one event through them, keeps its body. */
  private static QueueFill template(LocalAws aws, String topic, String filler) {
    try (EventBus bus = bus(aws, new SimpleMeterRegistry())) {
      bus.subscribe(topic, "g", LoadPayload.class, (payload, context) -> {}).close();
      bus.publish(topic, new LoadPayload(System.nanoTime(), filler)).join();
    }
    return QueueFill.capture(aws.sqs(), aws.groupQueueUrl(topic, "g"));
  }

  /** Drains a pre-filled group queue through the bus, then a pre-filled raw queue. */
  private static double[] consume(LocalAws aws, QueueFill fill, String topic, int count)
      throws InterruptedException {
    String groupQueue = aws.groupQueueUrl(topic, "g");
    fill.fill(groupQueue, count);
    double adapter;
    try (EventBus bus = bus(aws, new SimpleMeterRegistry())) {
      CountDownLatch done = new CountDownLatch(count);
      long start = System.nanoTime();
      try (Subscription s =
          bus.subscribe(topic, "g", LoadPayload.class, (payload, context) -> done.countDown())) {
        if (!done.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the adapter consumed " + (count - done.getCount()));
        }
        adapter = count / ((System.nanoTime() - start) / 1e9);
      }
    }
    String rawQueue = aws.createQueue("raw-" + topic);
    fill.fill(rawQueue, count);
    double raw = RawSqsConsumer.consume(aws.sqs(), rawQueue, count);
    log(
        topic
            + ": "
            + count
            + " messages, adapter "
            + Table.count(adapter)
            + "/s, raw "
            + Table.count(raw)
            + "/s");
    return new double[] {adapter, raw};
  }

  private static void publish(LocalAws aws, String topic, String filler, int count, Table table) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    double rate;
    try (EventBus bus = bus(aws, meters)) {
      List<CompletableFuture<?>> sent = new ArrayList<>(count);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        sent.add(bus.publish(topic, new LoadPayload(System.nanoTime(), filler)));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
      rate = count / ((System.nanoTime() - start) / 1e9);
    }
    double requests = meters.counter("eventbus.eventbridge.putevents.requests").count();
    double entries = meters.counter("eventbus.eventbridge.putevents.entries").count();
    log(
        topic
            + ": "
            + count
            + " events, "
            + Table.count(rate)
            + "/s, "
            + Table.count(requests)
            + " PutEvents calls, "
            + Table.count(entries)
            + " entries");
    if (table != null) {
      table.row(
          filler.length() + 45 + " B",
          Table.count(count),
          Table.count(rate),
          Table.count(requests),
          Table.decimal(entries / requests));
    }
  }

  private static void log(String line) {
    System.out.println("== " + line);
  }
}
