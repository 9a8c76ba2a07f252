package dev.eventbus.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real application context of {@link OrdersApp} on a random port, reached over HTTP, the same on
 * Spring Boot 3 and 4 (no Boot test client, whose package moved). Each instance has its own topic
 * and table unless given.
 */
final class RunningApp implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  final ConfigurableApplicationContext context;
  final String topic;
  private final int port;

  private RunningApp(ConfigurableApplicationContext context, String topic) {
    this.context = context;
    this.topic = topic;
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** A fresh topic and table name, for one test's contexts. */
  static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /**
   * Starts the application.
   *
   * @param topic the orders topic (and table suffix)
   * @param properties more {@code key=value} properties
   * @return the running application
   */
  static RunningApp start(String topic, String... properties) {
    List<String> all = new ArrayList<>(List.of("orders.topic=" + topic, "orders.table=" + topic));
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(OrdersApp.class).properties(all.toArray(String[]::new)).run();
    return new RunningApp(context, topic);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** Places an order over HTTP and returns the response's status. */
  int postOrder(String orderId, long cents) {
    return send("POST", "/orders", Map.of("orderId", orderId, "amountCents", cents)).statusCode();
  }

  /** {@return the JSON body of a GET} */
  JsonNode getJson(String path) {
    HttpResponse<String> response = send("GET", path, null);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(path + " answered " + response.body(), e);
    }
  }

  HttpResponse<String> send(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("Content-Type", "application/json");
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code eventbus} health component. */
  JsonNode eventbusHealth() {
    JsonNode health = getJson("/actuator/health");
    JsonNode component = health.path("components").path("eventbus");
    assertThat(component.isMissingNode()).as("eventbus in %s", health).isFalse();
    return component;
  }

  @Override
  public void close() {
    context.close();
  }
}
