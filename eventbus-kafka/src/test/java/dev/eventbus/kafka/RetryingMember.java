package dev.eventbus.kafka;

import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.spi.StartPosition;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A group member for the crash test of retries in place, started in its own JVM and killed with
 * SIGKILL: it consumes {@link Step}s with the retry policy of {@link #retry}, prints {@code CALL
 * <name> <attempt>} before each handler call, and fails every call of the step named {@code
 * poison}.
 *
 * <p>Arguments: bootstrap servers, topic, group, max attempts, backoff in milliseconds.
 */
public final class RetryingMember {
  /**
   * A step of some work; the one named {@code poison} always fails.
   *
   * @param name its name
   */
  public record Step(String name) {}

  private RetryingMember() {}

  /**
   * The group options both processes of the test use: from the earliest event, a fixed backoff.
   *
   * @param maxAttempts attempts in all
   * @param backoff the delay before each retry
   * @return the options
   */
  static GroupOptions retry(int maxAttempts, Duration backoff) {
    RetryPolicy policy =
        RetryPolicy.custom()
            .maxAttempts(maxAttempts)
            .initialDelay(backoff)
            .maxDelay(backoff)
            .multiplier(1.0)
            .jitter(0)
            .build();
    return GroupOptions.custom().retry(policy).startPosition(StartPosition.EARLIEST).build();
  }

  public static void main(String[] args) throws InterruptedException {
    String topic = args[1];
    String group = args[2];
    EventBus bus =
        EventBus.builder()
            .broker(
                KafkaBroker.builder()
                    .bootstrapServers(args[0])
                    .clientId("eventbus-retrying-member")
                    .topicPartitions(3)
                    .sessionTimeout(Duration.ofSeconds(6))
                    .build())
            .registerType(Step.class)
            .group(
                group, retry(Integer.parseInt(args[3]), Duration.ofMillis(Long.parseLong(args[4]))))
            .build();
    bus.subscribe(
        topic,
        group,
        Step.class,
        (step, ctx) -> {
          System.out.println("CALL " + step.name() + " " + ctx.attempt());
          System.out.flush();
          if (step.name().equals("poison")) {
            throw new IllegalStateException("poison step");
          }
        });
    bus.start();
    new CountDownLatch(1).await();
  }
}
