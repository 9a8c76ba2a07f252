package dev.eventbus.outbox;

import dev.eventbus.EventBus;
import dev.eventbus.rabbitmq.RabbitMqBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest, or {@code EVENTBUS_RABBITMQ_URI}), a durable
 * broker with publisher confirms. Faults touch only the connections a test named itself.
 */
final class Rabbit {
  static final String URI =
      System.getenv().getOrDefault("EVENTBUS_RABBITMQ_URI", "amqp://guest:guest@127.0.0.1:5672/");

  private Rabbit() {}

  /** A bus on RabbitMQ whose connection has a name of its own, reconnecting after an interval. */
  static EventBus bus(String connectionName, Duration recoveryInterval) {
    return EventBus.builder()
        .broker(
            RabbitMqBroker.builder()
                .uri(URI)
                .connectionName(connectionName)
                .recoveryInterval(recoveryInterval)
                .build())
        .build();
  }

  /**
   * Closes the server side of every connection with this name, as a network failure would.
   *
   * @return how many were closed
   */
  static int closeConnections(String connectionName) throws IOException, InterruptedException {
    int closed = 0;
    for (String line : rabbitmqctl("list_connections", "-q", "pid", "client_properties")) {
      if (line.contains(connectionName)) {
        String pid = line.substring(0, line.indexOf('\t'));
        rabbitmqctl("close_connection", pid, "outbox test: broker outage");
        closed++;
      }
    }
    return closed;
  }

  private static List<String> rabbitmqctl(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "rabbitmqctl";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("rabbitmqctl " + String.join(" ", args) + " failed: " + out);
    }
    return out.lines().toList();
  }
}
