package dev.eventbus.checks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.BusHealth;
import dev.eventbus.DeadLetters;
import dev.eventbus.EventBus;
import dev.eventbus.Subscription;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * No secret of any broker shows anywhere a user or an operator can read: every secret key holds a
 * marker naming it, and building, {@code toString()}, starting against a closed port, publishing,
 * subscribing, health, dead letters and closing run with the library and the broker clients logging
 * at DEBUG ({@code simplelogger.properties}). The markers must not appear in a log line, in any
 * exception's whole chain (causes, suppressed, stack traces), in a {@code toString()}, a meter's
 * name or tags, or health output.
 *
 * <p>The secret keys come from each provider's rows ({@link Setting#secret()}), so a new secret key
 * is covered without a change here; Kafka adds the {@code client.*} properties that kafka-clients
 * types as passwords, from its own definitions.
 */
class SecretsNeverShowTest {
  private static final String MARK = "S3CR3T";
  private static final Pattern MARKER = Pattern.compile(MARK + "[A-Za-z0-9_]*");
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration STEP_LIMIT = Duration.ofSeconds(4);
  // A log record's first line as slf4j-simple writes it: [thread] LEVEL logger - message.
  private static final Pattern RECORD =
      Pattern.compile("^(?:\\[.*?\\] )?(?:TRACE|DEBUG|INFO|WARN|ERROR) ([\\w.$-]+) - .*");
  // The AWS SDK's own logging is out of scope: at DEBUG its signer and HTTP client log
  // credentials by design, and docs/eventbridge.md tells users not to run them at DEBUG.
  private static final List<String> UNCHECKED_LOGGERS =
      List.of("software.amazon.awssdk", "org.apache.http");

  /** The flat configuration of one run: a broker, its secrets set to markers. */
  private record Scenario(String name, Map<String, String> config) {
    @Override
    public String toString() {
      return name;
    }
  }

  public record Order(String id) {}

  private static String marker(String key) {
    return MARK + "_" + key.replaceAll("[^A-Za-z0-9]", "_");
  }

  @Test
  void noSecretShowsInLogsExceptionsToStringMetricsOrHealth() throws Exception {
    int closedPort = closedPort();
    List<Scenario> scenarios = scenarios(closedPort);
    Exposures exposures = new Exposures();
    PrintStream err = System.err;
    LogScanner log = new LogScanner(exposures);
    System.setErr(new PrintStream(log, true, UTF_8));
    try {
      for (Scenario scenario : scenarios) {
        long start = System.nanoTime();
        System.out.println("driving " + scenario);
        drive(scenario, exposures);
        exposures.failures.add(
            scenario + ": " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
      }
    } finally {
      System.setErr(err);
      log.finish();
    }
    exposures.failures.forEach(System.out::println);
    System.out.println(log.lines + " log lines read");
    // A step that hangs shows nothing; it is reported, not a failure of this test.
    exposures.hangs.forEach(System.out::println);
    assertTrue(exposures.found.isEmpty(), "secrets shown:\n" + String.join("\n", exposures.found));
  }

  private static List<Scenario> scenarios(int port) {
    Map<String, Map<String, String>> secrets = secretsByBroker(port);
    List<Scenario> scenarios = new ArrayList<>();
    scenarios.addAll(kafka(port, secrets.remove("kafka")));
    scenarios.addAll(rabbitMq(port, secrets.remove("rabbitmq")));
    scenarios.addAll(eventBridge(port, secrets.remove("eventbridge")));
    assertEquals(
        Map.of(), secrets, "every broker with secret keys has scenarios here, with its endpoints");
    return scenarios;
  }

  /** Every provider's secret keys, qualified, each with its marker in the value's shape. */
  private static Map<String, Map<String, String>> secretsByBroker(int port) {
    Map<String, Map<String, String>> byBroker = new LinkedHashMap<>();
    for (BrokerProvider provider : ServiceLoader.load(BrokerProvider.class)) {
      SettingTable table = provider.settings();
      Map<String, String> secrets = new LinkedHashMap<>();
      for (Setting<?> row : table.settings()) {
        if (row.secret() && !row.isPattern()) {
          String key = table.qualified(row.name());
          String value = marker(key);
          if (key.equals("eventbus.rabbitmq.uri")) {
            value = "amqp://app:" + value + "@127.0.0.1:" + port + "/";
          }
          secrets.put(key, value);
        }
      }
      if (!secrets.isEmpty()) {
        byBroker.put(provider.name(), secrets);
      }
    }
    return byBroker;
  }

  private static Map<String, String> bus(String broker) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("eventbus.broker", broker);
    config.put("eventbus.publish.timeout", "2s");
    config.put("eventbus.close.timeout", "2s");
    return config;
  }

  private static Scenario scenario(
      String name, String broker, Map<String, String> keys, Consumer<Map<String, String>> more) {
    Map<String, String> config = bus(broker);
    config.putAll(keys);
    more.accept(config);
    return new Scenario(name, config);
  }

  /** The {@code client.*} properties that some kafka-clients client types as a password. */
  private static Set<String> kafkaClientPasswords() {
    Set<String> names = new TreeSet<>();
    for (ConfigDef def :
        List.of(
            ProducerConfig.configDef(),
            ConsumerConfig.configDef(),
            AdminClientConfig.configDef())) {
      def.configKeys().values().stream()
          .filter(k -> k.type == ConfigDef.Type.PASSWORD)
          .forEach(k -> names.add(k.name));
    }
    return names;
  }

  private static List<Scenario> kafka(int port, Map<String, String> rows) {
    Map<String, String> base = new LinkedHashMap<>();
    base.put("eventbus.kafka.bootstrap-servers", "127.0.0.1:" + port);
    // The admin calls of dead letters wait this long for the missing broker, not a minute.
    base.put("eventbus.kafka.client.default.api.timeout.ms", "2000");
    base.put("eventbus.kafka.client.request.timeout.ms", "1000");
    Map<String, String> clientPasswords = new LinkedHashMap<>();
    for (String name : kafkaClientPasswords()) {
      String key = "eventbus.kafka.client." + name;
      clientPasswords.put(key, marker(key));
    }
    String jaas = "eventbus.kafka.client.sasl.jaas.config";
    String plainModule = "org.apache.kafka.common.security.plain.PlainLoginModule";
    return List.of(
        scenario(
            "kafka, every secret key, PLAINTEXT",
            "kafka",
            base,
            c -> {
              c.putAll(rows);
              c.putAll(clientPasswords);
            }),
        scenario(
            "kafka, SASL PLAIN with a password",
            "kafka",
            base,
            c -> {
              c.put("eventbus.kafka.security.protocol", "SASL_PLAINTEXT");
              c.put("eventbus.kafka.sasl.mechanism", "PLAIN");
              c.put("eventbus.kafka.sasl.username", "app");
              c.put("eventbus.kafka.sasl.password", rows.get("eventbus.kafka.sasl.password"));
            }),
        scenario(
            "kafka, JAAS configuration with a bad control flag",
            "kafka",
            base,
            c -> {
              c.put("eventbus.kafka.security.protocol", "SASL_PLAINTEXT");
              c.put("eventbus.kafka.sasl.mechanism", "PLAIN");
              c.put(jaas, plainModule + " " + marker(jaas) + ";");
            }),
        scenario(
            "kafka, JAAS configuration with an unquoted password",
            "kafka",
            base,
            c -> {
              c.put("eventbus.kafka.security.protocol", "SASL_PLAINTEXT");
              c.put("eventbus.kafka.sasl.mechanism", "PLAIN");
              c.put(jaas, plainModule + " required username=app password=" + marker(jaas));
            }),
        scenario(
            "kafka, TLS with PEM keys",
            "kafka",
            base,
            c -> {
              c.put("eventbus.kafka.security.protocol", "SSL");
              c.put("eventbus.kafka.ssl.keystore.type", "PEM");
              c.put("eventbus.kafka.ssl.truststore.type", "PEM");
              c.put("eventbus.kafka.ssl.key.password", rows.get("eventbus.kafka.ssl.key.password"));
              for (String name :
                  List.of("ssl.keystore.key", "ssl.keystore.certificate.chain").stream()
                      .map(n -> "eventbus.kafka.client." + n)
                      .toList()) {
                c.put(name, marker(name));
              }
              String certificates = "eventbus.kafka.client.ssl.truststore.certificates";
              c.put(certificates, marker(certificates));
            }),
        scenario(
            "kafka, TLS with store files that are missing",
            "kafka",
            base,
            c -> {
              c.put("eventbus.kafka.security.protocol", "SSL");
              c.put("eventbus.kafka.ssl.keystore.location", "/nonexistent/keystore.jks");
              c.put("eventbus.kafka.ssl.truststore.location", "/nonexistent/truststore.jks");
              rows.keySet().stream()
                  .filter(k -> k.startsWith("eventbus.kafka.ssl."))
                  .forEach(k -> c.put(k, rows.get(k)));
            }),
        scenario(
            "kafka, a client property kafka-clients does not define, holding a credential",
            "kafka",
            base,
            c -> c.put("eventbus.kafka.client.basic.auth.user.info", "app:" + marker("basic"))));
  }

  private static List<Scenario> rabbitMq(int port, Map<String, String> rows) {
    String uri = "eventbus.rabbitmq.uri";
    String password = "eventbus.rabbitmq.password";
    return List.of(
        scenario("rabbitmq, every secret key", "rabbitmq", rows, c -> {}),
        scenario("rabbitmq, password in the URI", "rabbitmq", Map.of(uri, rows.get(uri)), c -> {}),
        scenario(
            "rabbitmq, password key",
            "rabbitmq",
            Map.of(password, rows.get(password)),
            c -> {
              c.put("eventbus.rabbitmq.host", "127.0.0.1");
              c.put("eventbus.rabbitmq.port", String.valueOf(port));
            }),
        scenario(
            "rabbitmq, a URI with a bad port",
            "rabbitmq",
            Map.of(uri, "amqp://app:" + marker(uri) + "@127.0.0.1:port/"),
            c -> {}),
        scenario(
            "rabbitmq, a URI with a bad scheme",
            "rabbitmq",
            Map.of(uri, "http://app:" + marker(uri) + "@127.0.0.1:" + port + "/"),
            c -> {}));
  }

  private static List<Scenario> eventBridge(int port, Map<String, String> rows) {
    Consumer<Map<String, String>> endpoint =
        c -> {
          c.put("eventbus.eventbridge.region", "us-east-1");
          c.put("eventbus.eventbridge.endpoint", "http://127.0.0.1:" + port);
          c.put("eventbus.eventbridge.publish-max-attempts", "1");
          c.put("eventbus.eventbridge.poll-wait", "1s");
        };
    String accessKey = "eventbus.eventbridge.access-key-id";
    return List.of(
        scenario(
            "eventbridge, static credentials, provisioning",
            "eventbridge",
            rows,
            endpoint.andThen(c -> c.put("eventbus.eventbridge.provision", "true"))),
        scenario("eventbridge, static credentials", "eventbridge", rows, endpoint),
        scenario(
            "eventbridge, an access key without its secret",
            "eventbridge",
            Map.of(accessKey, rows.get(accessKey)),
            endpoint));
  }

  /** Runs the bus's whole life with the scenario's configuration, looking at all it shows. */
  private static void drive(Scenario s, Exposures x) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventBus bus;
    try {
      bus =
          EventBus.builder()
              .configure(s.config())
              .meterRegistry(registry)
              .registerType(Order.class)
              .build();
    } catch (RuntimeException e) {
      x.exception(s + ": build", e);
      return;
    }
    try {
      x.text(s + ": bus toString()", String.valueOf(bus));
      x.text(s + ": broker toString()", String.valueOf(bus.broker()));
      x.attempt(s + ": start", bus::start);
      List<Subscription> subscriptions = new ArrayList<>();
      x.attempt(
          s + ": subscribe",
          () -> subscriptions.add(bus.subscribe("orders", "billing", Order.class, (o, c) -> {})));
      x.attempt(
          s + ": publish",
          () -> bus.publish("orders", new Order("o-1")).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      for (Subscription sub : subscriptions) {
        x.text(s + ": subscription", sub + " " + sub.state());
      }
      x.attempt(s + ": health", () -> health(s, x, bus.health()));
      deadLetters(s, x, bus.deadLetters());
      x.attempt(
          s + ": broker health", () -> x.text(s + ": broker health", "" + bus.broker().health()));
      meters(s + ": meters", x, registry);
      x.text(s + ": broker toString() after use", String.valueOf(bus.broker()));
    } finally {
      x.attempt(s + ": close", bus::close);
    }
    meters(s + ": meters after close", x, registry);
    x.attempt(s + ": health after close", () -> health(s, x, bus.health()));
  }

  private static void health(Scenario s, Exposures x, BusHealth health) {
    x.text(s + ": health", health.toString());
    x.text(s + ": health JSON", health.toJson());
  }

  private static void deadLetters(Scenario s, Exposures x, DeadLetters dlq) {
    x.attempt(
        s + ": dead letters list",
        () -> x.text(s + ": list", "" + dlq.list("orders", "billing", 10)));
    x.attempt(s + ": dead letters count", () -> dlq.count("orders", "billing"));
    x.attempt(s + ": dead letters purge", () -> dlq.purge("orders", "billing"));
  }

  private static void meters(String where, Exposures x, SimpleMeterRegistry registry) {
    for (Meter meter : registry.getMeters()) {
      x.text(where, meter.getId().toString());
      meter.getId().getTags().forEach(t -> x.text(where, t.getKey() + "=" + t.getValue()));
      x.attempt(where + " " + meter.getId().getName(), () -> meter.measure().forEach(m -> {}));
    }
    x.text(where, registry.getMetersAsString());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** What showed a marker, by where and which markers. */
  private static final class Exposures {
    final List<String> found = Collections.synchronizedList(new ArrayList<>());
    // What failed, for the test's output: the paths the markers went through.
    final List<String> failures = new ArrayList<>();

    interface Action {
      void run() throws Exception;
    }

    // Each step runs on a thread of its own, so that a step that hangs is reported and the
    // remaining steps still run.
    final List<String> hangs = new ArrayList<>();

    void attempt(String where, Action action) {
      CompletableFuture<Void> step = new CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try {
                  action.run();
                  step.complete(null);
                } catch (Throwable e) {
                  step.completeExceptionally(e);
                }
              },
              "secrets-step");
      thread.setDaemon(true);
      thread.start();
      try {
        step.get(STEP_LIMIT.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        exception(where, e.getCause());
      } catch (TimeoutException e) {
        hangs.add(where + " did not return within " + STEP_LIMIT);
        thread.interrupt();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    void text(String where, String text) {
      Set<String> markers = markers(text);
      if (!markers.isEmpty()) {
        found.add(where + " shows " + markers + ": " + text);
      }
    }

    void exception(String where, Throwable t) {
      failures.add(where + " failed: " + t);
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      text(where + ", stack trace", trace.toString());
      Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      walk(where, t, seen);
    }

    private void walk(String where, Throwable t, Set<Throwable> seen) {
      if (t == null || !seen.add(t)) {
        return;
      }
      text(where + ", " + t.getClass().getName() + " toString()", t.toString());
      text(where + ", " + t.getClass().getName() + " message", t.getMessage());
      text(where + ", " + t.getClass().getName() + " localized", t.getLocalizedMessage());
      walk(where, t.getCause(), seen);
      for (Throwable suppressed : t.getSuppressed()) {
        walk(where, suppressed, seen);
      }
    }

    private static Set<String> markers(String text) {
      Set<String> markers = new LinkedHashSet<>();
      if (text != null) {
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
          markers.add(m.group());
        }
      }
      return markers;
    }
  }

  /**
   * Reads what is written to it as log lines and keeps only the lines that show a marker: a Kafka
   * client that cannot reach its broker logs hundreds of thousands of lines a minute.
   */
  private static final class LogScanner extends OutputStream {
    private final Exposures exposures;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private String logger = "";
    long lines;

    LogScanner(Exposures exposures) {
      this.exposures = exposures;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        scan(line.toString(UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    @Override
    public synchronized void flush() {}

    synchronized void finish() {
      if (line.size() > 0) {
        write('\n');
      }
    }

    /** Looks at every log record but the AWS SDK's, its first line and those that follow it. */
    private void scan(String text) {
      lines++;
      if (!text.contains(MARK)) {
        Matcher m = RECORD.matcher(text);
        if (m.matches()) {
          logger = m.group(1);
        }
        return;
      }
      Matcher m = RECORD.matcher(text);
      if (m.matches()) {
        logger = m.group(1);
      }
      String name = logger;
      if (UNCHECKED_LOGGERS.stream().noneMatch(p -> name.startsWith(p + ".") || name.equals(p))) {
        exposures.text("log of " + logger, text);
      }
    }
  }
}
