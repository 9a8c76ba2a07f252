package dev.eventbus.benchmarks.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the harness's topics before anything is measured, with {@link ClientSettings#PARTITIONS},
 * and waits until every partition has a leader, so that neither side measures topic creation.
 * Deletes them at the end. Thread-safe.
 */
final class BenchTopics implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;

  BenchTopics(String bootstrap) {
    this.admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /**
   * Creates a topic if it does not exist and waits for its partition leaders.
   *
   * @param topic the topic
   */
  void create(String topic) {
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, ClientSettings.PARTITIONS, (short) 1)))
          .all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + topic, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic " + topic + " timed out", e);
    }
    awaitLeaders(topic);
  }

  private void awaitLeaders(String topic) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      try {
        TopicDescription d =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic);
        if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // not visible yet: ask again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for topic " + topic, e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    throw new IllegalStateException("topic " + topic + " has no leaders after 30 s");
  }

  /**
   * Deletes every topic whose name starts with a prefix.
   *
   * @param prefix the prefix
   * @return a problem to report, or empty
   */
  String deleteAll(String prefix) {
    try {
      Set<String> ours =
          admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(prefix))
              .collect(Collectors.toSet());
      if (!ours.isEmpty()) {
        admin.deleteTopics(ours).all().get(TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
      }
      return "";
    } catch (ExecutionException | TimeoutException e) {
      return "could not delete the benchmark topics " + prefix + "*: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted deleting the benchmark topics " + prefix + "*";
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
