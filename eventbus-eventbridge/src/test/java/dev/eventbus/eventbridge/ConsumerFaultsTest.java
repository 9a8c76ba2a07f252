package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Consumer faults on SQS: a consumer process killed before it deletes its message, and a handler
 * slower than the visibility timeout.
 */
class ConsumerFaultsTest extends EventBridgeTestSupport {
  private static final int VISIBILITY_SECONDS = 3;

  @Test
  void eventOfAKilledConsumerReappearsAfterTheVisibilityTimeoutForAnotherInstance()
      throws Exception {
    String topic = topic("killed");
    String group = group("workers");
    Process child = startKilledConsumer(topic, group);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(readUntil(out, "READY")).isTrue();
      EventBus publisher = startBus(env.broker().build());
      String id = publisher.publish(topic, new Order("o-1", 1)).get(30, TimeUnit.SECONDS).id();
      assertThat(readUntil(out, "RECEIVED " + id)).isTrue();

      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long killed = System.nanoTime();

      List<Integer> attempts = new CopyOnWriteArrayList<>();
      List<Long> handledAt = new CopyOnWriteArrayList<>();
      EventBus survivor = startBus(env.broker().build());
      survivor.subscribe(
          topic,
          group,
          Order.class,
          (o, ctx) -> {
            attempts.add(ctx.attempt());
            handledAt.add(System.nanoTime());
          });

      await("the survivor handled the event", () -> !attempts.isEmpty());
      assertThat(attempts).containsExactly(2);
      assertThat(Duration.ofNanos(handledAt.get(0) - killed))
          .isLessThan(Duration.ofSeconds(VISIBILITY_SECONDS + 10));
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aHandlerSlowerThanTheVisibilityTimeoutIsNotDuplicated() throws Exception {
    String topic = topic("slow");
    String group = group("workers");
    AtomicInteger calls = new AtomicInteger();
    Map<String, Long> startedAt = new ConcurrentHashMap<>();
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      EventBus instance = startBus(shortVisibility());
      instance.subscribe(
          topic,
          group,
          Order.class,
          (o, ctx) -> {
            calls.incrementAndGet();
            startedAt.putIfAbsent("slow", System.nanoTime());
            release.await(60, TimeUnit.SECONDS);
          });
    }
    EventBus publisher = startBus(env.broker().build());
    Event<?> sent = publisher.publish(topic, new Order("o-slow", 1)).get(30, TimeUnit.SECONDS);

    await("the handler started", () -> startedAt.containsKey("slow"));
    Duration threeTimeouts = Duration.ofSeconds(3L * VISIBILITY_SECONDS);
    await(
        "the handler has run for three visibility timeouts",
        () -> System.nanoTime() - startedAt.get("slow") > threeTimeouts.toNanos());
    assertThat(calls.get()).as("handler calls while it runs").isEqualTo(1);
    release.countDown();

    String url = queueUrl(topic, group, "");
    await("the event was deleted after its handler returned", () -> queued(url) == 0);
    assertThat(calls.get()).as("handler calls for " + sent.id()).isEqualTo(1);
  }

  private EventBridgeBroker shortVisibility() {
    return env.broker().visibilityTimeout(Duration.ofSeconds(VISIBILITY_SECONDS)).build();
  }

  private long queued(String url) {
    Map<QueueAttributeName, String> a =
        env.sqs()
            .getQueueAttributes(
                b ->
                    b.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return a.values().stream().mapToLong(Long::parseLong).sum();
  }

  private Process startKilledConsumer(String topic, String group) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            KilledConsumer.class.getName(),
            env.eventBridgeEndpoint() == null ? "-" : env.eventBridgeEndpoint().toString(),
            env.sqsEndpoint() == null ? "-" : env.sqsEndpoint().toString(),
            env.region().id(),
            env.prefix(),
            Integer.toString(VISIBILITY_SECONDS),
            topic,
            group,
            env.local().isPresent() ? "local" : "default-credentials");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    return pb.start();
  }

  /** Reads lines until one equals the expected one; false at end of stream. */
  private static boolean readUntil(BufferedReader out, String expected) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals(expected)) {
        return true;
      }
    }
    return false;
  }
}
