package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.ConfigTable.EVENT_BRIDGE_ENDPOINT;
import static dev.eventbus.eventbridge.internal.ConfigTable.POLL_WAIT;
import static dev.eventbus.eventbridge.internal.ConfigTable.REGION;
import static dev.eventbus.eventbridge.internal.ConfigTable.SQS_ENDPOINT;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.QueueDepthGauges;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What a started broker runs on: the SDK clients (over the JDK's HTTP client), one timer thread, a
 * small pool of I/O threads for settlements and heartbeats, the publisher and the provisioner.
 * Created by {@code start}, released by {@link #close()}. Thread-safe.
 */
public final class BrokerRuntime implements AutoCloseable {
  private static final int IO_THREADS = 4;
  private static final int IO_QUEUE = 100_000;

  private final Settings settings;
  private final EventBridgeClient eventBridge;
  private final SqsClient sqs;
  private BrokerHealth lastHealth;
  private long lastHealthAt;
  private final Names names;
  private final EventEnvelope envelope = new EventEnvelope();
  private final Provisioner provisioner;
  private final ScheduledThreadPoolExecutor timer;
  private final Duration publishTimeout;
  private final ThreadPoolExecutor io;
  private final EventPublisher publisher;
  private final QueueDepthGauges queueDepths;

  /**
   * Builds the clients and threads.
   *
   * @param settings the settings
   * @param context the bus's scheduler (for publish backoffs), meter registry and publish timeout
   * @throws ConfigurationException if no region is configured and the SDK finds none
   */
  public BrokerRuntime(Settings settings, BrokerContext context) {
    MeterRegistry meters = context.meterRegistry();
    this.settings = settings;
    this.publishTimeout = context.publishTimeout();
    this.names = new Names(settings);
    try {
      this.eventBridge = eventBridgeClient(settings);
      this.sqs = sqsClient(settings);
    } catch (SdkClientException e) {
      throw new ConfigurationException(
          ConfigTable.qualified(ConfigTable.REGION),
          "(none)",
          "a region: set it, or AWS_REGION, or a profile region (" + e.getMessage() + ")");
    }
    this.provisioner = new Provisioner(eventBridge, sqs, settings, names);
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("eventbus-eventbridge-timer"));
    timer.setRemoveOnCancelPolicy(true);
    this.io =
        new ThreadPoolExecutor(
            IO_THREADS,
            IO_THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(IO_QUEUE),
            daemon("eventbus-eventbridge-io"));
    io.allowCoreThreadTimeOut(true);
    this.publisher =
        new EventPublisher(
            eventBridge, settings, provisioner, context.scheduler(), publishTimeout, meters);
    this.queueDepths =
        meters == null
            ? null
            : new QueueDepthGauges(
                meters,
                "Messages waiting in the group's queue (SQS approximate count)",
                Duration.ofSeconds(5),
                io);
  }

  /**
   * Registers the consumer lag gauge of a group (once; later calls do nothing).
   *
   * @param topic the topic
   * @param group the group
   * @param queueUrl the group's queue
   */
  public void registerQueueDepth(String topic, String group, String queueUrl) {
    if (queueDepths != null) {
      queueDepths.register(
          topic,
          group,
          "messages in the SQS queue of " + topic + "/" + group,
          () -> visibleMessages(queueUrl));
    }
  }

  private static EventBridgeClient eventBridgeClient(Settings s) {
    EventBridgeClientBuilder b =
        EventBridgeClient.builder()
            .httpClientBuilder(http(s))
            // the publisher retries throttled and failed entries itself, entry by entry
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    configure(s, s.endpoint(EVENT_BRIDGE_ENDPOINT), b::region, b::endpointOverride);
    if (s.credentials() != null) {
      b.credentialsProvider(s.credentials());
    }
    return b.build();
  }

  private static SqsClient sqsClient(Settings s) {
    SqsClientBuilder b = SqsClient.builder().httpClientBuilder(http(s));
    configure(s, s.endpoint(SQS_ENDPOINT), b::region, b::endpointOverride);
    if (s.credentials() != null) {
      b.credentialsProvider(s.credentials());
    }
    return b.build();
  }

  private static void configure(
      Settings s,
      URI endpoint,
      java.util.function.Consumer<Region> region,
      java.util.function.Consumer<URI> override) {
    if (s.get(REGION) != null) {
      region.accept(s.get(REGION));
    }
    if (endpoint != null) {
      override.accept(endpoint);
    }
  }

  private static UrlConnectionHttpClient.Builder http(Settings s) {
    Duration socket = s.get(POLL_WAIT).plusSeconds(20);
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(10))
        .socketTimeout(socket);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The settings.
   *
   * @return the settings
   */
  public Settings settings() {
    return settings;
  }

  /**
   * The SQS client.
   *
   * @return the client
   */
  public SqsClient sqs() {
    return sqs;
  }

  /**
   * The naming.
   *
   * @return the names
   */
  public Names names() {
    return names;
  }

  /**
   * The envelope codec.
   *
   * @return the envelope
   */
  public EventEnvelope envelope() {
    return envelope;
  }

  /**
   * The provisioner.
   *
   * @return the provisioner
   */
  public Provisioner provisioner() {
    return provisioner;
  }

  /**
   * The publisher.
   *
   * @return the publisher
   */
  public EventPublisher publisher() {
    return publisher;
  }

  /**
   * The bus's publish timeout: how long a publish may take, retries included.
   *
   * @return the timeout
   */
  public Duration publishTimeout() {
    return publishTimeout;
  }

  /**
   * The timer thread.
   *
   * @return the timer
   */
  public ScheduledExecutorService timer() {
    return timer;
  }

  /**
   * The I/O threads.
   *
   * @return the executor
   */
  public ExecutorService io() {
    return io;
  }

  /**
   * Finds a group's dead-letter queue when it is needed (it may be created after the consumer
   * started, when provisioning is off).
   *
   * @param topic the topic
   * @param group the group
   * @return the URL, or null while there is none
   */
  public Supplier<String> deadLetterQueue(String topic, String group) {
    String name = names.deadLetterQueueName(topic, group);
    return () -> provisioner.queueUrlIfExists(name);
  }

  /**
   * Sends a body straight to a queue, as EventBridge would deliver it.
   *
   * @param queueUrl the queue
   * @param body the body
   * @param fifoGroup the message group on a FIFO queue
   */
  public void sendToQueue(String queueUrl, String body, String fifoGroup) {
    QueueMessages.send(sqs, queueUrl, body, Map.of(), 0, fifoGroup);
  }

  /**
   * The region the SQS client talks to, for envelopes written straight to a queue.
   *
   * @return the region id
   */
  public String region() {
    return sqs.serviceClientConfiguration().region().id();
  }

  private long visibleMessages(String queueUrl) {
    String n =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    return n == null ? -1 : Long.parseLong(n);
  }

  /**
   * SQS as this client sees it: UP when a one-queue {@code ListQueues} answers within 2 s, DOWN
   * otherwise, naming the exception class only. Reused for 5 s, so that a health endpoint polled
   * often costs at most one small request per 5 s.
   *
   * @return the health
   */
  public synchronized BrokerHealth health() {
    long now = System.nanoTime();
    if (lastHealth != null && now - lastHealthAt < Duration.ofSeconds(5).toNanos()) {
      return lastHealth;
    }
    BrokerHealth h;
    try {
      sqs.listQueues(
          ListQueuesRequest.builder()
              .maxResults(1)
              .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(2)))
              .build());
      h = BrokerHealth.up("SQS reachable in " + region());
    } catch (SdkException e) {
      h = BrokerHealth.down("SQS unreachable: " + e.getClass().getSimpleName());
    }
    lastHealth = h;
    lastHealthAt = now;
    return h;
  }

  /**
   * Stops the publisher (waiting up to the bus's publish timeout for events under way), the threads
   * and the clients.
   */
  @Override
  public void close() {
    if (queueDepths != null) {
      queueDepths.close();
    }
    publisher.close(publishTimeout);
    timer.shutdownNow();
    io.shutdown();
    try {
      io.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    io.shutdownNow();
    eventBridge.close();
    sqs.close();
  }
}
