package dev.eventbus.benchmarks.eventbridge;

import dev.eventbus.eventbridge.EventBridgeBroker;
import dev.eventbus.eventbridge.LocalEventBridge;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ embedded in this JVM and the adapter tests' {@link LocalEventBridge} in front of it, on
 * free loopback ports, with a raw SQS client and broker builders for them. Names of this run start
 * with a unique prefix. Close it to stop both servers. Thread-safe after construction.
 */
final class LocalAws implements AutoCloseable {
  private static final Region REGION = Region.US_EAST_1;
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret"));

  private final SQSRestServer elasticMq;
  private final URI sqsEndpoint;
  private final SqsClient sqs;
  private final LocalEventBridge eventBridge;
  private final String prefix = "ebb" + UUID.randomUUID().toString().substring(0, 6) + "-";

  LocalAws() throws IOException {
    elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = elasticMq.waitUntilStarted().localAddress().getPort();
    sqsEndpoint = URI.create("http://127.0.0.1:" + port);
    sqs = newSqsClient();
    eventBridge = new LocalEventBridge(sqs, REGION.id());
  }

  /** A new raw SQS client for ElasticMQ, with the adapter's HTTP client (the JDK's). */
  SqsClient newSqsClient() {
    return SqsClient.builder()
        .region(REGION)
        .credentialsProvider(CREDENTIALS)
        .endpointOverride(sqsEndpoint)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  /** A broker builder for both local servers, provisioning on, names with this run's prefix. */
  EventBridgeBroker.Builder broker() {
    return EventBridgeBroker.builder()
        .region(REGION)
        .credentials(CREDENTIALS)
        .eventBridgeEndpoint(eventBridge.endpoint())
        .sqsEndpoint(sqsEndpoint)
        .provision(true)
        .pollWait(Duration.ofSeconds(1))
        .queuePrefix(prefix)
        .rulePrefix(prefix);
  }

  /** The URL of the queue of a group, as the adapter names it for plain topic and group names. */
  String groupQueueUrl(String topic, String group) {
    String name = prefix + topic + "__" + group;
    return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
  }

  /** Creates a plain queue for the raw client and returns its URL. */
  String createQueue(String name) {
    return sqs.createQueue(b -> b.queueName(prefix + name)).queueUrl();
  }

  SqsClient sqs() {
    return sqs;
  }

  LocalEventBridge eventBridge() {
    return eventBridge;
  }

  @Override
  public void close() {
    eventBridge.close();
    sqs.close();
    elasticMq.stopAndWait();
  }
}
