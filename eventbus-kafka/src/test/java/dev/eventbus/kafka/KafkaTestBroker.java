package dev.eventbus.kafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) for tests, started once per test
 * JVM as a child JVM from the Kafka server jars on the test class path, on free loopback ports,
 * with its own log directory, and stopped when the test JVM exits.
 *
 * <p>When the environment variable {@value #BOOTSTRAP_ENV} is set, that external broker is used
 * instead, and the restart and kill features are not available. Either way, a broker that cannot be
 * reached makes {@link #shared()} fail loudly: tests never skip silently.
 *
 * <p>Thread-safe.
 */
public final class KafkaTestBroker {
  /** Names an external broker's bootstrap servers, for example {@code localhost:9092}. */
  public static final String BOOTSTRAP_ENV = "EVENTBUS_KAFKA_BOOTSTRAP";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static KafkaTestBroker shared;
  private static RuntimeException startFailure;

  private final String bootstrapServers;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private Process process;

  private KafkaTestBroker(String bootstrapServers, Path dir, int port, int controllerPort) {
    this.bootstrapServers = bootstrapServers;
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /**
   * The broker shared by every test of this JVM, started on first use.
   *
   * @return the running broker
   * @throws IllegalStateException if it cannot be started or reached
   */
  public static synchronized KafkaTestBroker shared() {
    if (startFailure != null) {
      throw new IllegalStateException("the test Kafka broker failed to start", startFailure);
    }
    if (shared == null) {
      String external = System.getenv(BOOTSTRAP_ENV);
      try {
        shared = external == null || external.isBlank() ? startLocal() : useExternal(external);
      } catch (RuntimeException e) {
        startFailure = e; // every later test fails at once with the same cause
        throw e;
      }
    }
    return shared;
  }

  /**
   * The bootstrap servers to connect to.
   *
   * @return {@code host:port[,host:port...]}
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Whether {@link #restart()} and {@link #kill()} work: only for the broker this fixture started.
   *
   * @return true for the local child JVM broker
   */
  public boolean supportsRestart() {
    return dir != null;
  }

  /**
   * Stops the broker gracefully (SIGTERM, controlled shutdown), starts it again on the same ports
   * and log directory, and waits until it serves requests.
   */
  public synchronized void restart() {
    requireLocal();
    long start = System.nanoTime();
    process.destroy();
    awaitExit(STOP_TIMEOUT);
    long stopped = System.nanoTime();
    launch();
    System.out.printf(
        "Test Kafka restarted: stopped in %d ms, ready %d ms later%n",
        (stopped - start) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000);
  }

  /** Kills the broker with SIGKILL, starts it again on the same ports and log directory. */
  public synchronized void kill() {
    requireLocal();
    long start = System.nanoTime();
    process.destroyForcibly();
    awaitExit(STOP_TIMEOUT);
    launch();
    System.out.printf(
        "Test Kafka killed and started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  /** Something to do while the broker is down. */
  public interface WhileDown {
    /**
     * Runs while the broker is down.
     *
     * @throws Exception to fail the test; the broker is started again all the same
     */
    void run() throws Exception;
  }

  /**
   * Kills the broker with SIGKILL, runs the action while it is down, then starts it again on the
   * same ports and log directory and waits until it serves requests, whatever the action did.
   */
  public synchronized void whileDown(WhileDown action) throws Exception {
    killAndLeaveDown();
    try {
      action.run();
    } finally {
      startAgain();
    }
  }

  /** Kills the broker with SIGKILL and leaves it down until {@link #startAgain()}. */
  public synchronized void killAndLeaveDown() {
    requireLocal();
    process.destroyForcibly();
    awaitExit(STOP_TIMEOUT);
  }

  /** Starts the broker again on the same ports and log directory, and waits until it serves. */
  public synchronized void startAgain() {
    requireLocal();
    launch();
  }

  private static KafkaTestBroker useExternal(String bootstrap) {
    KafkaTestBroker broker = new KafkaTestBroker(bootstrap, null, 0, 0);
    broker.awaitReady(Duration.ofSeconds(30));
    return broker;
  }

  private static KafkaTestBroker startLocal() {
    try {
      Path dir = Files.createTempDirectory("eventbus-kafka-");
      int port = freePort();
      int controllerPort = freePort();
      KafkaTestBroker broker = new KafkaTestBroker("127.0.0.1:" + port, dir, port, controllerPort);
      broker.writeProperties();
      broker.format();
      Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "kafka-test-broker-stop"));
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the test Kafka broker", e);
    }
  }

  private void writeProperties() throws IOException {
    Properties p = new Properties();
    p.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", dir.resolve("data").toString()),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("num.partitions", "1"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "2"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("group.min.session.timeout.ms", "1000"),
            Map.entry("broker.heartbeat.interval.ms", "500"),
            Map.entry("broker.session.timeout.ms", "3000"),
            Map.entry("log.index.size.max.bytes", "1048576"),
            Map.entry("num.network.threads", "2"),
            Map.entry("num.io.threads", "4"),
            Map.entry("background.threads", "2"),
            Map.entry("num.recovery.threads.per.data.dir", "2")));
    try (var out = Files.newBufferedWriter(propertiesFile(), StandardCharsets.UTF_8)) {
      p.store(out, "eventbus test broker");
    }
  }

  private void format() {
    String clusterId = Uuid.randomUuid().toString();
    Process format =
        start(
            List.of(
                "kafka.tools.StorageTool",
                "format",
                "-t",
                clusterId,
                "-c",
                propertiesFile().toString()),
            dir.resolve("format.log"));
    try {
      if (!format.waitFor(60, TimeUnit.SECONDS)) {
        format.destroyForcibly();
        throw new IllegalStateException("formatting Kafka storage timed out; " + logTail("format"));
      }
      if (format.exitValue() != 0) {
        throw new IllegalStateException(
            "formatting Kafka storage failed (exit "
                + format.exitValue()
                + "); "
                + logTail("format"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage", e);
    }
  }

  private void launch() {
    process = start(List.of("kafka.Kafka", propertiesFile().toString()), dir.resolve("broker.log"));
    awaitReady(READY_TIMEOUT);
  }

  private Process start(List<String> mainAndArgs, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx512m",
            "-Xms64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
            "-Dorg.slf4j.simpleLogger.log.kafka=info",
            "-cp",
            System.getProperty("java.class.path")));
    command.addAll(mainAndArgs);
    try {
      return new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for " + mainAndArgs.get(0), e);
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    try (Admin admin = Admin.create(config)) {
      while (System.nanoTime() < deadline) {
        if (process != null && !process.isAlive()) {
          throw new IllegalStateException(
              "the test Kafka broker exited with "
                  + process.exitValue()
                  + "; "
                  + logTail("broker"));
        }
        try {
          probe(admin);
          return;
        } catch (ExecutionException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
      }
    }
    String where = dir == null ? BOOTSTRAP_ENV + "=" + bootstrapServers : logTail("broker");
    throw new IllegalStateException(
        "Kafka at " + bootstrapServers + " not ready within " + timeout + "; " + where, last);
  }

  /** Ready means: metadata served, and a topic can be created and has a leader. */
  private static void probe(Admin admin) throws ExecutionException, InterruptedException {
    admin.describeCluster().nodes().get();
    try {
      admin.createTopics(List.of(new NewTopic("eventbus-probe", 1, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    var partition =
        admin.describeTopics(List.of("eventbus-probe")).allTopicNames().get().get("eventbus-probe");
    if (partition.partitions().get(0).leader() == null
        || partition.partitions().get(0).leader().isEmpty()) {
      throw new ExecutionException(new IllegalStateException("probe topic has no leader yet"));
    }
  }

  private void awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping Kafka", e);
    }
  }

  private void destroy() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deleteRecursively(dir);
  }

  private void requireLocal() {
    if (!supportsRestart()) {
      throw new UnsupportedOperationException(
          "cannot restart the external Kafka named by " + BOOTSTRAP_ENV);
    }
  }

  private Path propertiesFile() {
    return dir.resolve("server.properties");
  }

  private String logTail(String name) {
    Path log = dir.resolve(name + ".log");
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "no log at " + log;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // best effort at JVM exit: a leftover temp directory is harmless
    }
  }
}
