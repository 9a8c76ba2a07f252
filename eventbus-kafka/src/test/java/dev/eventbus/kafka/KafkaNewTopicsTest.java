package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Publishing to many topics the bus has just created, all at once and again and again, completes
 * every publish promptly: a user's scenario once saw a publish to a just-created topic wait out the
 * producer's whole delivery timeout (two minutes) on a healthy broker, one run in five.
 */
class KafkaNewTopicsTest {
  record Ping(int n) {}

  private static final int ROUNDS = 3;
  private static final int TOPICS = 20;
  private static final int EVENTS = 5;

  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  @Test
  void publishesToManyJustCreatedTopicsAtOnceAllCompleteWithinSeconds() throws Exception {
    try (EventBus bus =
        EventBus.builder()
            .broker(KafkaTestSupport.brokerBuilder(kafka).build())
            .publishTimeout(Duration.ofSeconds(60))
            .build()) {
      bus.start();
      for (int round = 0; round < ROUNDS; round++) {
        long began = System.nanoTime();
        List<CompletableFuture<Event<?>>> sent = new ArrayList<>();
        List<CompletableFuture<Void>> topics = new ArrayList<>();
        for (int t = 0; t < TOPICS; t++) {
          String topic = KafkaTestSupport.unique("fresh-" + round + "-" + t);
          // every topic from its own thread, as a user's scenarios publish concurrently
          topics.add(
              CompletableFuture.runAsync(
                  () -> {
                    for (int e = 0; e < EVENTS; e++) {
                      synchronized (sent) {
                        sent.add(bus.publish(topic, new Ping(e)));
                      }
                    }
                  }));
        }
        CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        System.out.println(
            "[new-topics] round "
                + round
                + ": "
                + TOPICS
                + " topics created and "
                + sent.size()
                + " publishes acknowledged in "
                + took);
        assertThat(sent).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(took).as("round " + round).isLessThan(Duration.ofSeconds(20));
      }
    }
  }
}
