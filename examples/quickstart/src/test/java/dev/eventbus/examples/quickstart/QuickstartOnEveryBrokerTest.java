package dev.eventbus.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example as a user does, in a JVM of its own, with the broker named only by configuration
 * from outside the code: environment variables or system properties. Asserts what it prints.
 */
class QuickstartOnEveryBrokerTest {
  private static final String RABBITMQ_URI_ENV = "EVENTBUS_RABBITMQ_URI";
  private static final String LOCAL_RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/%2F";

  @TempDir Path dir;

  @Test
  void runsOnTheInMemoryBrokerNamedByAnEnvironmentVariable() throws Exception {
    assertCompleteRun(quickstart(Map.of("EVENTBUS_BROKER", "memory"), List.of()), "memory");
  }

  @Test
  void runsOnRabbitMqNamedByEnvironmentVariablesAndRunsAgain() throws Exception {
    requireRabbitMq();
    Map<String, String> env = Map.of("EVENTBUS_BROKER", "rabbitmq");
    assertCompleteRun(quickstart(env, List.of()), "rabbitmq");
    assertCompleteRun(quickstart(env, List.of()), "rabbitmq");
  }

  @Test
  void runsOnKafkaNamedBySystemProperties() throws Exception {
    String servers = LocalKafka.bootstrapServers();
    Run run =
        quickstart(
            Map.of(),
            List.of("-Deventbus.broker=kafka", "-Deventbus.kafka.bootstrap-servers=" + servers));
    assertCompleteRun(run, "kafka");
  }

  private static void assertCompleteRun(Run run, String broker) {
    assertThat(run.out())
        .as("what the example printed; it logged:%n%s", run.logged())
        .startsWith("broker  : " + broker + "\n")
        .contains("published 20 orders to 'quickstart-orders'\n")
        .containsPattern(
            // six orders fail once; a broker that redelivers (a connection lost) may fail them
            // again
            "billing : 19 handled \\(billing-1: \\d+, billing-2: \\d+\\), ([6-9]|\\d\\d+) transient"
                + " failures retried\n")
        .contains("shipping: 20 handled\n")
        .contains("dead letters of quickstart-orders/quickstart-billing: 1\n")
        .contains(
            "(com.example.orders.OrderPlaced) after 1 attempt(s), non-retryable:"
                + " dev.eventbus.NonRetryableException: cannot bill a negative amount: -500\n")
        .endsWith("\nOK\n");
  }

  /** What a run of the example printed, and what it logged. */
  private record Run(String out, String logged) {}

  /** Runs the example's main class with these variables and JVM options. */
  private Run quickstart(Map<String, String> env, List<String> jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), QuickstartApp.class.getName()));
    Path stdout = Files.createTempFile(dir, "quickstart-", ".out");
    Path stderr = Files.createTempFile(dir, "quickstart-", ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().remove("EVENTBUS_BROKER"); // only what the test names
    pb.environment().remove("EVENTBUS_CONFIG");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the example did not finish in 120 s; it logged:\n" + read(stderr));
    }
    String out = read(stdout);
    assertThat(p.exitValue())
        .as("exit code; it printed:%n%s%nand logged:%n%s", out, read(stderr))
        .isZero();
    return new Run(out, read(stderr));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Fails when {@code CI=true} and RabbitMQ is unreachable, and aborts the test elsewhere. */
  private static void requireRabbitMq() {
    String external = System.getenv(RABBITMQ_URI_ENV);
    String uri = external == null || external.isBlank() ? LOCAL_RABBITMQ : external;
    ConnectionFactory f = new ConnectionFactory();
    f.setAutomaticRecoveryEnabled(false);
    try {
      f.setUri(uri);
      try (Connection c = f.newConnection("quickstart-test-probe")) {
        return;
      }
    } catch (Exception e) {
      String message =
          "RabbitMQ is not reachable (set " + RABBITMQ_URI_ENV + " or start rabbitmq-server): " + e;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
  }
}
