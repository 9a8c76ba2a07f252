package dev.eventbus.rabbitmq;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.eventbus.testkit.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A RabbitMQ node of the tests' own: started from the installed server ({@code rabbitmq-server}) as
 * a child process, under its own node name ({@code eventbus-test-<pid>-<random>@localhost}), its
 * own AMQP and distribution ports on loopback, and its own data, log and configuration directory
 * and Erlang cookie, with no plugins. No other RabbitMQ on the machine is touched, so tests may
 * kill this node with SIGKILL; it starts again on the same data directory, with its durable queues.
 *
 * <p>The node is killed and its directory deleted when the test JVM exits. A JVM that died without
 * that (SIGKILL, a crash) leaves its node behind, for the next start to stop ({@link
 * TestNodeDirectories}). {@code rabbitmqctl} reaches the node as the same user through the cookie
 * in the node's directory ({@link #rabbitmqctl(String...)}).
 *
 * <p>Thread-safe.
 */
final class RabbitMqTestNode {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Path scripts;
  private final Path dir;
  private final String node;
  private final int port;
  private final int distPort;
  private Process launcher;

  private RabbitMqTestNode(Path scripts, Path dir, int port, int distPort) {
    this.scripts = scripts;
    this.dir = dir;
    this.node = dir.getFileName() + "@localhost";
    this.port = port;
    this.distPort = distPort;
  }

  /**
   * Prepares a new node's directory and starts it; stops leftovers of earlier test JVMs first.
   *
   * @return the running node
   * @throws IllegalStateException if RabbitMQ is not installed or the node does not start
   */
  static RabbitMqTestNode start() {
    Path scripts = scriptsDirectory();
    TestNodeDirectories.stopLeftovers();
    try {
      String name =
          "eventbus-test-"
              + ProcessHandle.current().pid()
              + "-"
              + UUID.randomUUID().toString().substring(0, 6);
      Path dir = TestNodeDirectories.create(name);
      RabbitMqTestNode node = new RabbitMqTestNode(scripts, dir, freePort(), freePort());
      node.writeFiles();
      Runtime.getRuntime().addShutdownHook(new Thread(node::destroy, "rabbitmq-test-node-stop"));
      node.launch();
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the test RabbitMQ node", e);
    }
  }

  /** The AMQP URI of the node's default virtual host, with the {@code guest} credentials. */
  String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
  }

  /** The node's name, for {@code rabbitmqctl -n}. */
  String nodeName() {
    return node;
  }

  /**
   * Kills the node's Erlang VM with SIGKILL, starts the node again on the same ports and data
   * directory, and waits until it accepts connections.
   */
  synchronized void kill() {
    long start = System.nanoTime();
    awaitQuorumQueuesRegistered();
    long registered = System.nanoTime();
    ProcessHandle beam = beam();
    beam.destroyForcibly();
    awaitExit(beam);
    long killed = System.nanoTime();
    launch();
    System.out.printf(
        "Test RabbitMQ node %s: queues registered on disk after %d ms, VM (pid %d) killed in %d ms,"
            + " ready %d ms later%n",
        node,
        (registered - start) / 1_000_000,
        beam.pid(),
        (killed - registered) / 1_000_000,
        (System.nanoTime() - killed) / 1_000_000);
  }

  /**
   * Waits until every quorum queue of the node is in its Raft registry on disk ({@code
   * names.dets}). RabbitMQ writes a new quorum queue's entry there only once the table has been
   * idle for 500 ms, and a node killed before that restarts the queue as a new, empty member that
   * never elects a leader: its confirmed messages stay unreachable (rabbitmq/ra#443,
   * rabbitmq-server#15725). The kill tests are about what the adapter does when the broker dies
   * mid-stream, not about that window right after a queue is declared, so the kill waits it out, by
   * looking, not by forcing.
   */
  private void awaitQuorumQueuesRegistered() {
    Path registry =
        dir.resolve("mnesia").resolve(node).resolve("quorum").resolve(node).resolve("names.dets");
    List<String> raNames =
        rabbitmqctl("-q", "list_queues", "-p", "/", "name", "type", "--no-table-headers").stream()
            .map(line -> line.split("\t"))
            .filter(f -> f.length == 2 && f[1].trim().equals("quorum"))
            .map(f -> new String(("%2F_" + f[0]).getBytes(StandardCharsets.UTF_8), ISO_8859_1))
            .toList();
    Await.until(
        "the node's quorum queues are in its registry on disk",
        Duration.ofSeconds(30),
        () -> {
          try {
            String saved = Files.readString(registry, ISO_8859_1);
            return raNames.stream().allMatch(saved::contains);
          } catch (IOException e) {
            return false;
          }
        });
  }

  /**
   * Stops the node gracefully (SIGTERM: RabbitMQ closes its connections and queues and exits), runs
   * an action while it is down, starts it again (always) on the same ports and data directory, and
   * waits until it accepts connections.
   *
   * @param whileDown what to do during the outage
   */
  synchronized void restart(Runnable whileDown) {
    long start = System.nanoTime();
    try {
      ProcessHandle beam = beam();
      beam.destroy();
      awaitExit(beam);
      whileDown.run();
    } finally {
      long stopped = System.nanoTime();
      launch();
      System.out.printf(
          "Test RabbitMQ node %s restarted: stopped in %d ms, ready %d ms later%n",
          node, (stopped - start) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000);
    }
  }

  /**
   * Runs {@code rabbitmqctl -n <node> <args>} as this user, with the node's cookie.
   *
   * @param args the command and its arguments
   * @return the output lines
   * @throws IllegalStateException if the command fails
   */
  List<String> rabbitmqctl(String... args) {
    List<String> command = new ArrayList<>(List.of(script("rabbitmqctl"), "-n", node));
    command.addAll(List.of(args));
    try {
      Process p = configure(new ProcessBuilder(command)).redirectErrorStream(true).start();
      List<String> out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "rabbitmqctl " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run rabbitmqctl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running rabbitmqctl", e);
    }
  }

  /**
   * The installed server's scripts: the Debian and Ubuntu package keeps them in {@code
   * /usr/lib/rabbitmq/bin} (the {@code /usr/sbin} ones switch to the {@code rabbitmq} user, and so
   * to its cookie), other installations put {@code rabbitmq-server} on the PATH.
   */
  private static Path scriptsDirectory() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/lib/rabbitmq/bin")));
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        candidates.add(Path.of(entry));
      }
    }
    return candidates.stream()
        .filter(d -> Files.isExecutable(d.resolve("rabbitmq-server")))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "rabbitmq-server is not installed (apt-get install rabbitmq-server), or set"
                        + " EVENTBUS_RABBITMQ_URI to a server to test against"));
  }

  private void writeFiles() throws IOException {
    Path cookie = dir.resolve(".erlang.cookie");
    Files.writeString(cookie, randomCookie());
    Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
    Files.writeString(
        dir.resolve("rabbitmq.conf"),
        String.join(
            "\n",
            "listeners.tcp.1 = 127.0.0.1:" + port,
            "log.console = false",
            "log.file.level = info",
            ""));
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
    Files.createDirectories(dir.resolve("conf.d"));
    Files.createDirectories(dir.resolve("log"));
  }

  /** The server's environment: nothing of the machine's own RabbitMQ configuration applies. */
  private ProcessBuilder configure(ProcessBuilder builder) {
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("RABBITMQ_") || k.startsWith("ERL_"));
    env.put("HOME", dir.toString());
    env.put("RABBITMQ_NODENAME", node);
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_CONFIG_FILES", dir.resolve("conf.d").toString());
    env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("node.pid").toString());
    env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
    return builder.directory(dir.toFile());
  }

  private void launch() {
    try {
      Files.deleteIfExists(dir.resolve("node.pid"));
      launcher =
          configure(new ProcessBuilder(script("rabbitmq-server")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start rabbitmq-server", e);
    }
    awaitReady();
  }

  /** Ready means: the AMQP port accepts a guest connection, and the node wrote its pid file. */
  private void awaitReady() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(2000);
    AtomicReference<Exception> last = new AtomicReference<>();
    boolean ready =
        Await.holdsWithin(
            READY_TIMEOUT,
            () -> {
              if (!launcher.isAlive()) {
                throw new IllegalStateException(
                    "the test RabbitMQ node exited with "
                        + launcher.exitValue()
                        + "; "
                        + logTail());
              }
              try (Connection c = factory.newConnection("eventbus-test-probe")) {
                return c.isOpen() && Files.exists(dir.resolve("node.pid"));
              } catch (Exception e) {
                last.set(e);
                return false;
              }
            });
    if (!ready) {
      throw new IllegalStateException(
          "the test RabbitMQ node "
              + node
              + " was not ready within "
              + READY_TIMEOUT
              + "; "
              + logTail(),
          last.get());
    }
  }

  /**
   * The node's Erlang VM: the pid the node wrote to its pid file, which must be a process under the
   * launched {@code rabbitmq-server}, or else what the node itself answers to {@code os:getpid()}.
   */
  private ProcessHandle beam() {
    Optional<ProcessHandle> fromFile = pidFromFile().flatMap(ProcessHandle::of);
    if (fromFile.isPresent()
        && (fromFile.get().pid() == launcher.pid()
            || launcher.descendants().anyMatch(h -> h.pid() == fromFile.get().pid()))) {
      return fromFile.get();
    }
    String answer = rabbitmqctl("eval", "os:getpid().").get(0).replace("\"", "").trim();
    return ProcessHandle.of(Long.parseLong(answer))
        .orElseThrow(() -> new IllegalStateException("the node's VM " + answer + " is gone"));
  }

  private Optional<Long> pidFromFile() {
    try {
      return Optional.of(Long.parseLong(Files.readString(dir.resolve("node.pid")).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void awaitExit(ProcessHandle beam) {
    try {
      beam.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!launcher.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        launcher.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test RabbitMQ node", e);
    } catch (Exception e) {
      beam.destroyForcibly();
      throw new IllegalStateException(
          "the test RabbitMQ node did not stop within " + STOP_TIMEOUT + "; " + logTail(), e);
    }
  }

  private synchronized void destroy() {
    if (launcher != null) {
      TestNodeDirectories.killTree(launcher.toHandle());
    }
    TestNodeDirectories.delete(dir);
  }

  private String script(String name) {
    return scripts.resolve(name).toString();
  }

  private String logTail() {
    StringBuilder tail = new StringBuilder();
    for (Path log :
        List.of(dir.resolve("console.log"), dir.resolve("log").resolve(node + ".log"))) {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        tail.append("last lines of ")
            .append(log)
            .append(":\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
            .append('\n');
      } catch (IOException e) {
        tail.append("no log at ").append(log).append('\n');
      }
    }
    return tail.toString();
  }

  private static String randomCookie() {
    SecureRandom random = new SecureRandom();
    StringBuilder cookie = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      cookie.append((char) ('A' + random.nextInt(26)));
    }
    return cookie.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
