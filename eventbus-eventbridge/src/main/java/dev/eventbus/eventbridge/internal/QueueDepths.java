package dev.eventbus.eventbridge.internal;

import dev.eventbus.spi.RefreshingCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The gauge {@code eventbus.consumer.lag} (tags topic, group) of every group subscribed through
 * this broker: SQS's {@code ApproximateNumberOfMessages} (visible, waiting to be received) of the
 * group's queue, read with {@code GetQueueAttributes} at most every {@link #MIN_INTERVAL} on an I/O
 * thread ({@link RefreshingCount}), never on the thread that reads the gauge.
 */
final class QueueDepths {
  static final String LAG = "eventbus.consumer.lag";
  static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final SqsClient sqs;
  private final Executor executor;
  private final ConcurrentHashMap<String, RefreshingCount> depths = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  QueueDepths(MeterRegistry registry, SqsClient sqs, Executor executor) {
    this.registry = registry;
    this.sqs = sqs;
    this.executor = executor;
  }

  /** Registers the gauge of a group once. */
  void register(String topic, String group, String queueUrl) {
    depths.computeIfAbsent(
        topic + '\u0000' + group,
        k -> {
          RefreshingCount depth =
              new RefreshingCount(
                  "messages in the SQS queue of " + topic + "/" + group,
                  () -> visibleMessages(queueUrl),
                  () -> !closed,
                  MIN_INTERVAL,
                  executor);
          gauges.add(
              Gauge.builder(LAG, depth, RefreshingCount::value)
                  .tags("topic", topic, "group", group)
                  .description("Messages waiting in the group's queue (SQS approximate count)")
                  .register(registry));
          return depth;
        });
  }

  private long visibleMessages(String queueUrl) {
    String n =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    return n == null ? -1 : Long.parseLong(n);
  }

  /** Stops counting and removes the gauges. */
  void close() {
    closed = true;
    gauges.forEach(registry::remove);
    gauges.clear();
    depths.clear();
  }
}
