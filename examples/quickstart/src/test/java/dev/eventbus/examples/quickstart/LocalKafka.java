package dev.eventbus.examples.quickstart;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka (KRaft) for the example's test, the way eventbus-kafka's tests start
 * theirs: a child JVM from the Kafka server jars on the test class path, on free loopback ports,
 * with its own log directory, stopped and deleted when the test JVM exits. With {@value
 * #BOOTSTRAP_ENV} set, that external broker is used instead. A broker that does not come up fails
 * the test: it is never skipped.
 *
 * <p>Thread-safe; one broker per test JVM.
 */
final class LocalKafka {
  /** Names an external broker's bootstrap servers, as for eventbus-kafka's tests. */
  static final String BOOTSTRAP_ENV = "EVENTBUS_KAFKA_BOOTSTRAP";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static String bootstrapServers;

  private LocalKafka() {}

  /**
   * The bootstrap servers of the broker, started on first use.
   *
   * @return {@code host:port}
   */
  static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      String external = System.getenv(BOOTSTRAP_ENV);
      bootstrapServers = external == null || external.isBlank() ? start() : external;
      awaitReady(bootstrapServers, null);
    }
    return bootstrapServers;
  }

  private static String start() {
    try {
      Path dir = Files.createTempDirectory("quickstart-kafka-");
      int port = freePort();
      int controller = freePort();
      Path config = dir.resolve("server.properties");
      writeProperties(config, dir, port, controller);
      Process format =
          java(
              dir,
              "format",
              "kafka.tools.StorageTool",
              "format",
              "-t",
              Uuid.randomUuid().toString(),
              "-c",
              config.toString());
      if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("formatting Kafka storage failed; " + log(dir, "format"));
      }
      Process broker = java(dir, "broker", "kafka.Kafka", config.toString());
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stop(broker, dir), "quickstart-kafka-stop"));
      String servers = "127.0.0.1:" + port;
      try {
        awaitReady(servers, broker);
      } catch (IllegalStateException e) {
        throw new IllegalStateException(e.getMessage() + "; " + log(dir, "broker"), e);
      }
      return servers;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the test Kafka broker", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Kafka", e);
    }
  }

  private static void writeProperties(Path file, Path dir, int port, int controller)
      throws IOException {
    Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controller),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", dir.resolve("data").toString()),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("num.network.threads", "2"),
            Map.entry("num.io.threads", "2"),
            Map.entry("background.threads", "2")));
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "quickstart test broker");
    }
  }

  private static Process java(Path dir, String log, String... mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path")));
    command.addAll(List.of(mainAndArgs));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(log + ".log").toFile())
        .start();
  }

  /** Ready means the broker answers metadata requests. */
  private static void awaitReady(String servers, Process broker) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Exception last = null;
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
      while (System.nanoTime() < deadline) {
        if (broker != null && !broker.isAlive()) {
          throw new IllegalStateException(
              "the test Kafka broker exited with " + broker.exitValue());
        }
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            return;
          }
        } catch (ExecutionException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
      }
    }
    throw new IllegalStateException("Kafka at " + servers + " not ready in " + READY_TIMEOUT, last);
  }

  private static void stop(Process broker, Path dir) {
    broker.destroyForcibly();
    try {
      broker.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // best effort at exit: a leftover temp directory is harmless
    }
  }

  private static String log(Path dir, String name) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "no log";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
