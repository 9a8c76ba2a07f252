package dev.eventbus.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.EventBus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  @Test
  void servesPrometheusMetricsAndHealthOfTheRunningExample() throws Exception {
    PrometheusMeterRegistry registry = QuickstartApp.prometheusRegistry();
    AtomicReference<String> metrics = new AtomicReference<>();
    AtomicReference<HttpResponse<String>> health = new AtomicReference<>();
    HttpClient client = HttpClient.newHttpClient();

    QuickstartApp.Report report =
        QuickstartApp.run(
            20,
            EventBus.builder(),
            registry,
            (bus, unused) -> {
              try (MetricsServer server = MetricsServer.start(0, registry, bus::health)) {
                String base = "http://127.0.0.1:" + server.port();
                metrics.set(client.send(get(base + "/metrics"), body()).body());
                health.set(client.send(get(base + "/health"), body()));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });

    assertThat(report.complete()).isTrue();
    assertThat(metrics.get())
        .contains(
            "eventbus_publish_seconds_count{outcome=\"success\",topic=\"quickstart-orders\"} 20")
        .contains(
            "eventbus_consumed_total{group=\"quickstart-shipping\",outcome=\"acked\",topic=\"quickstart-orders\"} 20")
        .contains("eventbus_dead_lettered_total")
        .contains("eventbus_in_flight");
    assertThat(dashboardSeries())
        .isNotEmpty()
        .filteredOn(name -> !ONLY_ELSEWHERE.contains(name))
        .allSatisfy(name -> assertThat(metrics.get()).contains(name + "{"));
    assertThat(health.get().statusCode()).isEqualTo(200);
    assertThat(health.get().body())
        .startsWith("{\"status\":\"UP\"")
        .contains("\"group\":\"quickstart-billing\"");
  }

  /**
   * Series the dashboard uses that this example does not produce: Kafka's consumer lag, and the
   * redrive counter (registered at the first redrive).
   */
  private static final Set<String> ONLY_ELSEWHERE =
      Set.of("eventbus_consumer_lag", "eventbus_redriven_total");

  /** Every eventbus series name in the Grafana dashboard's queries. */
  private static Set<String> dashboardSeries() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(Path.of("../../docs/grafana/eventbus-dashboard.json").toFile());
    Set<String> names = new TreeSet<>();
    Pattern series = Pattern.compile("eventbus_[a-z_]+");
    for (JsonNode expr : dashboard.findValues("expr")) {
      Matcher m = series.matcher(expr.asText());
      while (m.find()) {
        names.add(m.group());
      }
    }
    return names;
  }

  @Test
  void metricsFlagTakesAnOptionalPort() {
    assertThat(QuickstartApp.metricsPort(new String[] {})).isNull();
    assertThat(QuickstartApp.metricsPort(new String[] {"--metrics"}))
        .isEqualTo(QuickstartApp.DEFAULT_METRICS_PORT);
    assertThat(QuickstartApp.metricsPort(new String[] {"--metrics=9999"})).isEqualTo(9999);
  }

  private static HttpRequest get(String url) {
    return HttpRequest.newBuilder(URI.create(url)).GET().build();
  }

  private static HttpResponse.BodyHandler<String> body() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
