package dev.eventbus.rabbitmq;

import static org.junit.jupiter.api.Assertions.fail;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ server the tests run against.
 *
 * <p>By default a node of the tests' own ({@link RabbitMqTestNode}), started once per test JVM from
 * the installed {@code rabbitmq-server}, on its own ports and data directory: the fault tests may
 * drop its connections, raise its memory alarm, restart it and kill it with SIGKILL without
 * touching the machine's shared server (127.0.0.1:5672) that other suites use.
 *
 * <p>{@code EVENTBUS_RABBITMQ_URI} names another server instead; then tests use its virtual host
 * with unique names and the fault tests, which need a node of their own, are not run (they say so).
 *
 * <p>A node that cannot be started, or an unreachable server, fails the tests when {@code CI=true}
 * and aborts them (with the reason) elsewhere. Thread-safe; one instance per JVM.
 */
final class RabbitMqFixture {
  private static RabbitMqFixture instance;
  private static RuntimeException startFailure;

  private final String uri;
  private final RabbitMqTestNode node;

  private RabbitMqFixture(String uri, RabbitMqTestNode node) {
    this.uri = uri;
    this.node = node;
  }

  /**
   * The fixture, created on first use; fails or aborts the calling test if there is no server.
   *
   * @return the fixture
   */
  static synchronized RabbitMqFixture get() {
    if (instance == null && startFailure == null) {
      try {
        instance = create();
      } catch (RuntimeException e) {
        startFailure = e; // every later test fails or aborts at once, with the same cause
      }
    }
    if (startFailure != null) {
      unavailable("the test RabbitMQ node did not start: " + startFailure.getMessage());
    }
    instance.checkReachable();
    return instance;
  }

  private static RabbitMqFixture create() {
    String external = System.getenv("EVENTBUS_RABBITMQ_URI");
    if (external != null && !external.isBlank()) {
      return new RabbitMqFixture(external, null);
    }
    RabbitMqTestNode node = RabbitMqTestNode.start();
    return new RabbitMqFixture(node.uri(), node);
  }

  private void checkReachable() {
    if (!reachable(uri)) {
      unavailable(
          node == null
              ? "RabbitMQ at EVENTBUS_RABBITMQ_URI is not reachable"
              : "the test RabbitMQ node " + node.nodeName() + " is not reachable");
    }
  }

  private static void unavailable(String message) {
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

  /** The URI of the server's virtual host, with credentials. */
  String uri() {
    return uri;
  }

  /** A builder for a broker on the server, reconnecting quickly. */
  RabbitMqBroker.Builder brokerBuilder() {
    return RabbitMqBroker.builder()
        .uri(uri)
        .recoveryInterval(Duration.ofMillis(500))
        .connectionName("eventbus-test");
  }

  /** A plain client connection (no recovery) to the server. */
  Connection rawConnection() throws IOException, TimeoutException {
    return factory(uri).newConnection("eventbus-test-raw");
  }

  /** Whether the fault methods work: the server is the tests' own node. */
  boolean controllable() {
    return node != null;
  }

  /** Closes every client connection of the node, as a network failure would. */
  void closeAllConnections() {
    requireControllable().rabbitmqctl("close_all_connections", "eventbus test: dropping them");
  }

  /** Stops the node gracefully, starts it again and waits until it accepts connections. */
  void restart() {
    restart(() -> {});
  }

  /**
   * Stops the node gracefully, runs an action while it is down, starts it again (always) and waits
   * until it accepts connections.
   *
   * @param whileDown what to do during the outage
   */
  void restart(Runnable whileDown) {
    requireControllable().restart(whileDown);
  }

  /** Kills the node with SIGKILL, starts it again and waits until it accepts connections. */
  void kill() {
    requireControllable().kill();
  }

  /**
   * Raises a memory alarm on the node (every publishing connection is blocked), runs an action, and
   * clears the alarm again (always).
   *
   * @param whileBlocked what to do during the alarm
   */
  void withMemoryAlarm(Runnable whileBlocked) {
    RabbitMqTestNode n = requireControllable();
    String watermark =
        n.rabbitmqctl("eval", "vm_memory_monitor:get_vm_memory_high_watermark().").get(0).trim();
    try {
      n.rabbitmqctl("set_vm_memory_high_watermark", "0");
      whileBlocked.run();
    } finally {
      n.rabbitmqctl(
          "set_vm_memory_high_watermark", watermark.matches("[0-9.]+") ? watermark : "0.4");
    }
  }

  private RabbitMqTestNode requireControllable() {
    Assumptions.assumeTrue(
        controllable(),
        "needs the tests' own RabbitMQ node; not available with EVENTBUS_RABBITMQ_URI");
    return node;
  }
}
