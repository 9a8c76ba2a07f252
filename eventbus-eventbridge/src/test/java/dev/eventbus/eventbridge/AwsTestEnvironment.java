package dev.eventbus.eventbridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * Where the tests' EventBridge and SQS are, one per test JVM.
 *
 * <p>By default: ElasticMQ (a real SQS-compatible server) in a child JVM that keeps its messages on
 * disk ({@link ElasticMqProcess}), and {@link LocalEventBridge} in this JVM, which delivers to it,
 * both on free loopback ports. Then {@link #restartBroker()} and {@link #killBroker()} are offered.
 * If ElasticMQ cannot be started, every test that needs it fails with the cause.
 *
 * <p>With {@code EVENTBUS_AWS_ENDPOINT} set, the same tests run against an external stack:
 * LocalStack ({@code EVENTBUS_AWS_ENDPOINT=http://localhost:4566}, any credentials such as {@code
 * AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test}) or AWS itself ({@code
 * EVENTBUS_AWS_ENDPOINT=aws}, credentials and region from the SDK's default chains). {@code
 * EVENTBUS_AWS_SQS_ENDPOINT} overrides the SQS endpoint alone; {@code AWS_REGION} sets the region
 * (us-east-1 otherwise). Every resource a run creates is named {@code ebt<run>-...}. If the
 * external stack is unreachable the tests fail when {@code CI=true}, and are aborted with that
 * reason otherwise. Tests that inject faults need the local endpoint and are aborted, with that
 * reason, against an external stack.
 */
final class AwsTestEnvironment {
  private static AwsTestEnvironment instance;
  private static RuntimeException startFailure;

  private final Region region;
  private final URI eventBridgeEndpoint;
  private final URI sqsEndpoint;
  private final AwsCredentialsProvider credentials;
  private final LocalEventBridge local;
  private final ElasticMqProcess elasticMq;
  private final SqsClient sqs;
  private final String prefix = "ebt" + UUID.randomUUID().toString().substring(0, 6) + "-";

  private AwsTestEnvironment(
      Region region,
      URI eventBridgeEndpoint,
      URI sqsEndpoint,
      AwsCredentialsProvider credentials,
      LocalEventBridge local,
      ElasticMqProcess elasticMq,
      SqsClient sqs) {
    this.region = region;
    this.eventBridgeEndpoint = eventBridgeEndpoint;
    this.sqsEndpoint = sqsEndpoint;
    this.credentials = credentials;
    this.local = local;
    this.elasticMq = elasticMq;
    this.sqs = sqs;
  }

  static synchronized AwsTestEnvironment get() {
    if (startFailure != null) {
      throw new IllegalStateException("the test ElasticMQ failed to start", startFailure);
    }
    if (instance == null) {
      String external = System.getenv("EVENTBUS_AWS_ENDPOINT");
      if (external == null || external.isBlank()) {
        try {
          instance = startLocal();
        } catch (RuntimeException e) {
          startFailure = e; // every later test fails at once with the same cause
          throw e;
        }
      } else {
        instance = connect(external);
      }
    }
    return instance;
  }

  private static AwsTestEnvironment startLocal() {
    Region region = Region.US_EAST_1;
    ElasticMqProcess elasticMq = ElasticMqProcess.start();
    URI sqsEndpoint = elasticMq.endpoint();
    AwsCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local-secret"));
    SqsClient sqs = sqsClient(region, sqsEndpoint, credentials);
    LocalEventBridge eventBridge;
    try {
      eventBridge = new LocalEventBridge(sqs, region.id());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(eventBridge::close));
    return new AwsTestEnvironment(
        region, eventBridge.endpoint(), sqsEndpoint, credentials, eventBridge, elasticMq, sqs);
  }

  private static AwsTestEnvironment connect(String external) {
    Region region = Region.of(envOr("AWS_REGION", "us-east-1"));
    URI endpoint = external.equalsIgnoreCase("aws") ? null : URI.create(external);
    String sqsOverride = System.getenv("EVENTBUS_AWS_SQS_ENDPOINT");
    URI sqsEndpoint = sqsOverride == null ? endpoint : URI.create(sqsOverride);
    SqsClient sqs = sqsClient(region, sqsEndpoint, null);
    try (EventBridgeClient eb = eventBridgeClient(region, endpoint)) {
      sqs.listQueues(b -> b.maxResults(1));
      eb.describeEventBus(b -> b.name("default"));
    } catch (RuntimeException e) {
      String reason = "EVENTBUS_AWS_ENDPOINT=" + external + " is unreachable: " + e;
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(reason, e);
      }
      Assumptions.abort(reason + " (set CI=true to fail instead)");
    }
    return new AwsTestEnvironment(region, endpoint, sqsEndpoint, null, null, null, sqs);
  }

  private static SqsClient sqsClient(
      Region region, URI endpoint, AwsCredentialsProvider credentials) {
    SqsClientBuilder b =
        SqsClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    if (credentials != null) {
      b.credentialsProvider(credentials);
    }
    return b.build();
  }

  private static EventBridgeClient eventBridgeClient(Region region, URI endpoint) {
    var b =
        EventBridgeClient.builder()
            .region(region)
            .httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /**
   * A broker builder for this environment: provisioning on, short visibility timeout and poll wait
   * so that redelivery and close are quick, names with this run's prefix.
   */
  EventBridgeBroker.Builder broker() {
    EventBridgeBroker.Builder b =
        EventBridgeBroker.builder()
            .region(region)
            .provision(true)
            .visibilityTimeout(Duration.ofSeconds(4))
            .pollWait(Duration.ofSeconds(1))
            .queuePrefix(prefix)
            .rulePrefix(prefix);
    if (eventBridgeEndpoint != null) {
      b.eventBridgeEndpoint(eventBridgeEndpoint);
    }
    if (sqsEndpoint != null) {
      b.sqsEndpoint(sqsEndpoint);
    }
    if (credentials != null) {
      b.credentials(credentials);
    }
    return b;
  }

  /** The local EventBridge endpoint, or empty against an external stack. */
  Optional<LocalEventBridge> local() {
    return Optional.ofNullable(local);
  }

  /** The local endpoint; aborts the test, with the reason, against an external stack. */
  LocalEventBridge requireLocal() {
    Assumptions.assumeTrue(
        local != null, "fault injection needs the local EventBridge endpoint, not an external one");
    return local;
  }

  /**
   * Restarts the local stack gracefully: ElasticMQ stops (SIGTERM) and starts again on its data,
   * and the EventBridge endpoint restarts meanwhile (connections refused, rules kept). Aborts the
   * test, with the reason, against an external stack.
   *
   * @throws IOException if the EventBridge endpoint cannot listen again
   */
  void restartBroker() throws IOException {
    LocalEventBridge eventBridge = requireLocal();
    elasticMq.restart();
    eventBridge.restart();
  }

  /**
   * Kills ElasticMQ, which holds every event delivered and not yet acknowledged, with SIGKILL and
   * starts it again on its data. The EventBridge endpoint, the stand-in for a managed service,
   * keeps running; PutEvents fails while it cannot deliver to SQS. Aborts the test, with the
   * reason, against an external stack.
   */
  void killBroker() {
    requireLocal();
    elasticMq.kill();
  }

  SqsClient sqs() {
    return sqs;
  }

  String prefix() {
    return prefix;
  }

  URI sqsEndpoint() {
    return sqsEndpoint;
  }

  URI eventBridgeEndpoint() {
    return eventBridgeEndpoint;
  }

  Region region() {
    return region;
  }
}
