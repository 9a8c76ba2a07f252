package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.DeadLetter;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.kafka.RetryingMember.Step;
import dev.eventbus.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A keyed event retried in place keeps its attempt count across a consumer crash: a member in its
 * own JVM retries a poison event, is killed with SIGKILL after its second attempt, and a second
 * member of the group goes on from the count committed with the partition's offset. The event is
 * dead-lettered after {@link #MAX_ATTEMPTS} attempts in all, give or take the one attempt the crash
 * interrupted or whose failure was not committed yet: commits go every {@code
 * consumer.commit-interval} (100 ms), well inside the {@link #BACKOFF}, so at most one attempt is
 * made twice. A later event of the same key waits for the dead letter; nothing is lost.
 */
class KafkaInPlaceRetryCrashTest {
  private static final int MAX_ATTEMPTS = 4;
  private static final Duration BACKOFF = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final KafkaTestBroker kafka = KafkaTestBroker.shared();
  private final String topic = KafkaTestSupport.unique("in-place");
  private final String group = KafkaTestSupport.unique("workers");

  @Test
  void aPoisonEventRetriedInPlaceKeepsItsAttemptCountAcrossAConsumerCrash() throws Exception {
    List<String> others = new ArrayList<>();
    try (EventBus publisher =
        EventBus.builder().broker(KafkaTestSupport.brokerBuilder(kafka).build()).build()) {
      publisher.start();
      publish(publisher, "poison", "k");
      publish(publisher, "later", "k");
      for (int i = 0; i < 5; i++) {
        others.add("other-" + i);
        publish(publisher, "other-" + i, "key-" + i);
      }
    }
    List<String> childCalls = new CopyOnWriteArrayList<>();
    Process member = startMember();
    Instant killedAt;
    try {
      Thread reader = readCalls(member, childCalls);
      Await.until(
          "the member made its second attempt of the poison event",
          TIMEOUT,
          () -> childCalls.contains("poison 2"),
          childCalls::toString);
      member.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      killedAt = Instant.now();
      reader.join(TimeUnit.SECONDS.toMillis(30));
    } finally {
      member.destroyForcibly();
    }

    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    try (EventBus survivor =
        EventBus.builder()
            .broker(KafkaTestSupport.brokerBuilder(kafka).build())
            .registerType(Step.class)
            .group(group, RetryingMember.retry(MAX_ATTEMPTS, BACKOFF))
            .build()) {
      survivor.subscribe(
          topic,
          group,
          Step.class,
          (step, ctx) -> {
            calls.add(step.name() + " " + ctx.attempt());
            if (step.name().equals("poison")) {
              throw new IllegalStateException("poison step");
            }
          });
      survivor.start();
      Await.until(
          "the later event of the poison's key is handled",
          TIMEOUT,
          () -> calls.contains("later 1"),
          calls::toString);
      List<DeadLetter> dead = survivor.deadLetters().list(topic, group, 10);
      System.out.println(
          "[in-place-crash] member calls " + childCalls + ", survivor calls " + calls);

      assertThat(dead).hasSize(1);
      DeadLetter poison = dead.get(0);
      assertThat(poison.attempts()).isEqualTo(MAX_ATTEMPTS);
      assertThat(poison.firstFailure())
          .as("the first failure is the crashed member's, carried over")
          .isBefore(killedAt);
      List<String> childPoison = named("poison", childCalls);
      List<String> survivorPoison = named("poison", calls);
      int resumedAt = MAX_ATTEMPTS - survivorPoison.size() + 1;
      assertThat(resumedAt).as("the survivor went on from the committed count").isIn(2, 3);
      List<String> expected = new ArrayList<>();
      for (int a = resumedAt; a <= MAX_ATTEMPTS; a++) {
        expected.add("poison " + a);
      }
      assertThat(survivorPoison).containsExactlyElementsOf(expected);
      assertThat(childPoison.size() + survivorPoison.size())
          .as("handler calls in both processes: at most one attempt made twice")
          .isBetween(MAX_ATTEMPTS, MAX_ATTEMPTS + 1);

      assertThat(childCalls)
          .as("the later event waited behind the poison")
          .doesNotContain("later 1");
      assertThat(calls.indexOf("later 1"))
          .as("the later event ran after the poison's last attempt")
          .isGreaterThan(calls.indexOf("poison " + MAX_ATTEMPTS));
      Set<String> handled = new HashSet<>();
      childCalls.forEach(c -> handled.add(c.substring(0, c.indexOf(' '))));
      calls.forEach(c -> handled.add(c.substring(0, c.indexOf(' '))));
      assertThat(handled).as("lost = 0").containsAll(others).contains("later", "poison");
    }
  }

  private void publish(EventBus bus, String name, String key) throws Exception {
    bus.publish(topic, Event.builder(new Step(name)).partitionKey(key).build())
        .get(30, TimeUnit.SECONDS);
  }

  private static List<String> named(String name, List<String> calls) {
    List<String> result = new ArrayList<>();
    for (String c : calls) {
      if (c.startsWith(name + " ")) {
        result.add(c);
      }
    }
    return result;
  }

  private Process startMember() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            RetryingMember.class.getName(),
            kafka.bootstrapServers(),
            topic,
            group,
            Integer.toString(MAX_ATTEMPTS),
            Long.toString(BACKOFF.toMillis()));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  /** Collects the member's {@code CALL} lines until its output ends. */
  private static Thread readCalls(Process member, List<String> calls) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.startsWith("CALL ")) {
                    calls.add(line.substring("CALL ".length()));
                  }
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "retrying-member-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
