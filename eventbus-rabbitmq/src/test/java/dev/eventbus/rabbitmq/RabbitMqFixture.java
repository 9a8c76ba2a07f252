package dev.eventbus.rabbitmq;

import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.eventbus.testkit.Await;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ server the tests run against.
 *
 * <p>By default the local server ({@code amqp://guest:guest@127.0.0.1:5672}): the fixture creates a
 * virtual host for this test run with {@code rabbitmqctl}, so every queue and exchange the tests
 * create is deleted with it at the end, and fault tests ({@code close_all_connections}) touch only
 * this run's connections. Virtual hosts left by a killed run are deleted after two hours.
 *
 * <p>{@code EVENTBUS_RABBITMQ_URI} names another server instead; then tests use its virtual host
 * with unique names and the fault tests that need {@code rabbitmqctl} are not run (they say so).
 *
 * <p>An unreachable server fails the tests when {@code CI=true} and aborts them (with the reason)
 * elsewhere. Thread-safe; one instance per JVM.
 */
final class RabbitMqFixture {
  private static final String VHOST_PREFIX = "eventbus-test-";
  private static final Duration STALE = Duration.ofHours(2);
  private static RabbitMqFixture instance;

  private final String baseUri;
  private final String vhost;
  private final boolean local;

  private RabbitMqFixture(String baseUri, String vhost, boolean local) {
    this.baseUri = baseUri;
    this.vhost = vhost;
    this.local = local;
  }

  /**
   * The fixture, created on first use; fails or aborts the calling test if the server is down.
   *
   * @return the fixture
   */
  static synchronized RabbitMqFixture get() {
    if (instance == null) {
      instance = create();
    }
    instance.checkReachable();
    return instance;
  }

  private static RabbitMqFixture create() {
    String external = System.getenv("EVENTBUS_RABBITMQ_URI");
    if (external != null && !external.isBlank()) {
      return new RabbitMqFixture(external, null, false);
    }
    String base = "amqp://guest:guest@127.0.0.1:5672";
    if (!reachable(base + "/%2F")) {
      return new RabbitMqFixture(base + "/%2F", null, true);
    }
    deleteStaleVirtualHosts();
    String vhost =
        VHOST_PREFIX
            + System.currentTimeMillis()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    rabbitmqctl("add_vhost", vhost);
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    RabbitMqFixture fixture =
        new RabbitMqFixture(
            base + "/" + URLEncoder.encode(vhost, StandardCharsets.UTF_8), vhost, true);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> rabbitmqctl("delete_vhost", vhost), "delete-test-vhost"));
    return fixture;
  }

  private void checkReachable() {
    if (reachable(baseUri)) {
      return;
    }
    String message =
        "RabbitMQ is not reachable (set EVENTBUS_RABBITMQ_URI or start rabbitmq-server)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
  }

  private static boolean reachable(String uri) {
    try (Connection c = factory(uri).newConnection("eventbus-test-probe")) {
      return c.isOpen();
    } catch (Exception e) {
      return false;
    }
  }

  private static ConnectionFactory factory(String uri) {
    ConnectionFactory f = new ConnectionFactory();
    try {
      f.setUri(uri);
    } catch (Exception e) {
      throw new IllegalArgumentException("EVENTBUS_RABBITMQ_URI is not an AMQP URI", e);
    }
    f.setAutomaticRecoveryEnabled(false);
    return f;
  }

  /** The URI of this run's virtual host, with credentials. */
  String uri() {
    return baseUri;
  }

  /** A builder for a broker on this run's virtual host, reconnecting quickly. */
  RabbitMqBroker.Builder brokerBuilder() {
    return RabbitMqBroker.builder()
        .uri(baseUri)
        .recoveryInterval(Duration.ofMillis(500))
        .connectionName("eventbus-test");
  }

  /** A plain client connection (no recovery) to this run's virtual host. */
  Connection rawConnection() throws IOException, TimeoutException {
    return factory(baseUri).newConnection("eventbus-test-raw");
  }

  /** Whether {@code rabbitmqctl} can act on the server (it is the local one). */
  boolean controllable() {
    return local && vhost != null;
  }

  /** Closes every client connection of this run's virtual host, as a network failure would. */
  void closeAllConnections() {
    requireControllable();
    rabbitmqctl("close_all_connections", "-p", vhost, "eventbus test: dropping connections");
  }

  /**
   * Stops and starts the RabbitMQ application (the Erlang node stays up), and waits until it
   * accepts connections. The server is shared: the window is kept short, and start_app always runs.
   */
  void restart() {
    restart(() -> {});
  }

  /**
   * Stops the RabbitMQ application, runs an action while it is down, starts it again (always) and
   * waits until it accepts connections.
   *
   * @param whileDown what to do during the outage; keep it short, the server is shared
   */
  void restart(Runnable whileDown) {
    requireControllable();
    try {
      rabbitmqctl("stop_app");
      whileDown.run();
    } finally {
      rabbitmqctl("start_app");
    }
    Await.until("RabbitMQ accepting connections", Duration.ofSeconds(60), () -> reachable(baseUri));
  }

  /**
   * Raises a memory alarm on the server (every publishing connection is blocked), runs an action,
   * and clears the alarm again (always). The server is shared: keep the action short.
   *
   * @param whileBlocked what to do during the alarm
   */
  void withMemoryAlarm(Runnable whileBlocked) {
    requireControllable();
    String watermark =
        rabbitmqctl("eval", "vm_memory_monitor:get_vm_memory_high_watermark().").get(0).trim();
    try {
      rabbitmqctl("set_vm_memory_high_watermark", "0");
      whileBlocked.run();
    } finally {
      rabbitmqctl("set_vm_memory_high_watermark", watermark.matches("[0-9.]+") ? watermark : "0.4");
    }
  }

  private void requireControllable() {
    Assumptions.assumeTrue(
        controllable(),
        "needs rabbitmqctl on the local server; not available with EVENTBUS_RABBITMQ_URI");
  }

  private static void deleteStaleVirtualHosts() {
    long now = System.currentTimeMillis();
    for (String line : rabbitmqctl("-q", "list_vhosts", "name")) {
      String name = line.trim();
      if (!name.startsWith(VHOST_PREFIX)) {
        continue;
      }
      String stamp = name.substring(VHOST_PREFIX.length()).split("-", 2)[0];
      try {
        if (now - Long.parseLong(stamp) > STALE.toMillis()) {
          rabbitmqctl("delete_vhost", name);
        }
      } catch (NumberFormatException e) {
        // not one of ours
      }
    }
  }

  private static List<String> rabbitmqctl(String... args) {
    List<String> command = new ArrayList<>();
    command.add("rabbitmqctl");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> out =
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "rabbitmqctl " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("rabbitmqctl is not available", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running rabbitmqctl", e);
    }
  }
}
