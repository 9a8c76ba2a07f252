package dev.eventbus.examples.quickstart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventbus.BusHealth;
import dev.eventbus.HealthStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A plain JDK HTTP server with two endpoints: {@code GET /metrics} (Prometheus text format, from
 * the registry) and {@code GET /health} (the bus's {@link BusHealth} as JSON, 200 when UP, 503
 * otherwise). Listens on the loopback interface only.
 */
final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts serving.
   *
   * @param port the port, 0 for any free one
   * @param registry the registry to scrape
   * @param health the health of the bus, asked on every request
   * @return the running server
   */
  static MetricsServer start(
      int port, PrometheusMeterRegistry registry, Supplier<BusHealth> health) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
    }
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health",
        exchange -> {
          BusHealth h = health.get();
          int status = h.status() == HealthStatus.UP ? 200 : 503;
          respond(exchange, status, "application/json", h.toJson());
        });
    server.start();
    return new MetricsServer(server);
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * The port it listens on.
   *
   * @return the port
   */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
