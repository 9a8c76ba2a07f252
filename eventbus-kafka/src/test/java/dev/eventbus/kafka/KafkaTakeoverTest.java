package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How long the group takes to give a crashed member's partitions to another instance: a member in
 * its own JVM holds every partition with events unsettled and is killed with SIGKILL; the survivor
 * gets them once Kafka declares the member dead, after its session timeout (the {@code
 * consumer.session-timeout} setting), and handles every event. docs/kafka.md quotes the figure.
 */
class KafkaTakeoverTest {
  record Job(int n) {}

  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
  private final KafkaTestBroker kafka = KafkaTestBroker.shared();

  @Test
  void aCrashedMembersPartitionsGoToTheSurvivorAfterTheSessionTimeout() throws Exception {
    String topic = KafkaTestSupport.unique("takeover");
    String group = KafkaTestSupport.unique("workers");
    List<String> ids = new ArrayList<>();
    try (EventBus publisher =
        EventBus.builder().broker(KafkaTestSupport.brokerBuilder(kafka).build()).build()) {
      publisher.start();
      for (int i = 0; i < 30; i++) {
        ids.add(publisher.publish(topic, new Job(i)).get(30, TimeUnit.SECONDS).id());
      }
    }
    Process member = startMember(topic, group);
    Set<String> handled = ConcurrentHashMap.newKeySet();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8))) {
      int received = 0;
      String line;
      while (received < ids.size() && (line = out.readLine()) != null) {
        received += line.startsWith("RECEIVED ") ? 1 : 0;
      }
      assertThat(received).as("events the member received and holds").isEqualTo(ids.size());

      member.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      long killed = System.nanoTime();
      try (EventBus survivor =
          EventBus.builder()
              .broker(KafkaTestSupport.brokerBuilder(kafka).sessionTimeout(SESSION_TIMEOUT).build())
              .registerType(Job.class)
              .group(group, GroupOptions.ofDefaults())
              .build()) {
        survivor.subscribe(topic, group, Job.class, (job, ctx) -> handled.add(ctx.event().id()));
        survivor.start();
        Await.until(
            "the survivor handled every event of the crashed member",
            Duration.ofSeconds(60),
            () -> handled.containsAll(ids),
            () -> handled.size() + " of " + ids.size());
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println(
            "[takeover] session timeout "
                + SESSION_TIMEOUT
                + ": all events handled "
                + takeover
                + " after the kill");
        assertThat(takeover)
            .as("takeover after a crash")
            .isGreaterThanOrEqualTo(SESSION_TIMEOUT.minusSeconds(1))
            .isLessThan(SESSION_TIMEOUT.plusSeconds(15));
      }
    } finally {
      member.destroyForcibly();
    }
  }

  private Process startMember(String topic, String group) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            CrashedMember.class.getName(),
            kafka.bootstrapServers(),
            topic,
            group,
            Long.toString(SESSION_TIMEOUT.toMillis()));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }
}
