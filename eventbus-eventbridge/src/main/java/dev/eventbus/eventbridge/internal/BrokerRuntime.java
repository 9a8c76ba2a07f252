package dev.eventbus.eventbridge.internal;

import static java.time.Duration.ofSeconds;
import static java.util.concurrent.TimeUnit.SECONDS;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerHealth;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.QueueDepthGauges;
import dev.eventbus.spi.RefreshingHealth;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A started EventBridge broker: the SDK clients (over the JDK's HTTP client), a small pool of I/O
 * threads for settlements and heartbeats (timed on the bus's scheduler), the publisher, the
 * provisioner and the open subscriptions. Created by {@code start}, released by {@link #close()}.
 * Thread-safe.
 */
public final class BrokerRuntime implements AutoCloseable {
  private static final int IO_THREADS = 4;
  private static final int IO_QUEUE = 100_000;

  final Settings settings;
  final SqsClient sqs;
  final Names names;
  final EventEnvelope envelope = new EventEnvelope();
  final Provisioner provisioner;
  final Scheduler scheduler;
  private final ThreadPoolExecutor io;
  private final EventBridgeClient eventBridge;
  private final EventPublisher publisher;
  private final QueueDepthGauges queueDepths;
  final Set<SqsSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private boolean closed; // guarded by subscriptions
  private final RefreshingHealth health;

  /** Builds the clients and threads; fails if no region is configured and the SDK finds none. */
  public BrokerRuntime(Settings settings, BrokerContext context) {
    this.settings = settings;
    this.names = new Names(settings);
    try {
      // the publisher retries throttled and failed entries itself, entry by entry
      this.eventBridge =
          client(
              EventBridgeClient.builder()
                  .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())),
              Settings.EVENT_BRIDGE_ENDPOINT);
      this.sqs = client(SqsClient.builder(), Settings.SQS_ENDPOINT);
    } catch (SdkClientException e) {
      throw new ConfigurationException(
          Settings.qualified(Settings.REGION),
          "(none)",
          "a region: set it, or AWS_REGION, or a profile region (" + e.getMessage() + ")");
    }
    this.provisioner = new Provisioner(eventBridge, sqs, settings, names);
    this.scheduler = context.scheduler();
    var ioQueue = new ArrayBlockingQueue<Runnable>(IO_QUEUE);
    ThreadFactory ioThreads = daemon("eventbus-eventbridge-io");
    this.io = new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 30, SECONDS, ioQueue, ioThreads);
    io.allowCoreThreadTimeOut(true);
    this.publisher = new EventPublisher(this, eventBridge, context);
    this.queueDepths =
        new QueueDepthGauges(
            context.meterRegistry(),
            "Messages waiting in the group's queue (SQS approximate count)",
            ofSeconds(5),
            io);
    this.health =
        new RefreshingHealth(
            "SQS unreachable",
            () -> CompletableFuture.supplyAsync(this::checkSqs, io),
            ofSeconds(3),
            ofSeconds(5));
    health.value(); // the first answer is on its way before anyone asks
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
      B builder, Setting<URI> endpointRow) {
    URI endpoint = settings.endpoint(endpointRow);
    builder.httpClientBuilder(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(ofSeconds(10))
            .socketTimeout(settings.get(Settings.POLL_WAIT).plusSeconds(20)));
    if (settings.get(Settings.REGION) != null) {
      builder.region(settings.get(Settings.REGION));
    }
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    if (settings.credentials() != null) {
      builder.credentialsProvider(settings.credentials());
    }
    return builder.build();
  }

  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@link dev.eventbus.eventbridge.EventBridgeBroker#sendBatch}, once started. */
  public List<CompletableFuture<Void>> send(
      String topic, List<BrokerMessage> messages, long deadline) {
    return publisher.publish(topic, messages, deadline);
  }

  /**
   * Sends a message straight to a group's queue, on the I/O threads, as EventBridge would. Refused
   * at once when they are shut down or full: the caller (a redrive) never waits on provisioning.
   */
  public CompletableFuture<Void> sendToGroup(String topic, String group, BrokerMessage message) {
    return submit(
        "Sending to group " + group + " failed",
        false,
        () -> {
          SqsQueue queue = provisioner.group(topic, group);
          String source = names.source(topic, message.attributes().get("source"));
          String body = envelope.sqsBody(source, message, region(), account(queue.url()));
          queue.send(body, Map.of(), 0, SqsQueue.fifoGroup(group));
        });
  }

  /** Runs a task on the I/O threads, or on this thread once they are shut down (or full). */
  void execute(Runnable task) {
    try {
      io.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /**
   * Runs a step on the I/O threads; when they refuse it, on this thread if {@code
   * callerRunsWhenRefused} (settlements, which must happen), else the future fails.
   */
  CompletableFuture<Void> submit(String failure, boolean callerRunsWhenRefused, Runnable step) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable task =
        () -> {
          try {
            step.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(
                e instanceof EventBusException ? e : new EventBusException(failure, e));
          }
        };
    try {
      io.execute(task);
    } catch (RejectedExecutionException e) {
      if (callerRunsWhenRefused) {
        task.run();
      } else {
        done.completeExceptionally(
            new EventBusException("The EventBridge broker is closed or its I/O queue is full", e));
      }
    }
    return done;
  }

  private static String account(String queueUrl) {
    String[] path = URI.create(queueUrl).getPath().split("/");
    return path.length > 1 ? path[1] : "";
  }

  /** {@link dev.eventbus.eventbridge.EventBridgeBroker#subscribe}, once started. */
  public BrokerSubscription subscribe(ConsumerSpec spec, DeliveryListener listener) {
    SqsSubscription s = new SqsSubscription(this, spec, listener);
    synchronized (subscriptions) {
      if (closed) {
        throw new EventBusException("The EventBridge broker is closed");
      }
      subscriptions.add(s);
    }
    try {
      s.start();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    synchronized (subscriptions) { // a failed subscribe leaves no gauge that a later one would keep
      if (!closed) {
        queueDepths.register(
            spec.topic(),
            spec.group(),
            "messages in the SQS queue of " + spec.topic() + "/" + spec.group(),
            s::depth);
      }
    }
    return s;
  }

  private String region() {
    return sqs.serviceClientConfiguration().region().id();
  }

  /** Whether a one-queue ListQueues answered within 2 s: asked on the I/O threads, kept 5 s. */
  public BrokerHealth health() {
    return health.value();
  }

  private BrokerHealth checkSqs() {
    sqs.listQueues(b -> b.maxResults(1).overrideConfiguration(c -> c.apiCallTimeout(ofSeconds(2))));
    return BrokerHealth.up("SQS reachable in " + region());
  }

  /**
   * Closes the subscriptions and waits up to {@code pollWait} for their last polls; then the
   * publisher (which waits for the events under way), the threads and the clients. Call once.
   */
  @Override
  public void close() {
    List<SqsSubscription> open;
    synchronized (subscriptions) {
      closed = true;
      open = new ArrayList<>(subscriptions);
    }
    open.forEach(SqsSubscription::close);
    long deadline = System.nanoTime() + settings.get(Settings.POLL_WAIT).plusSeconds(2).toNanos();
    for (SqsSubscription s : open) {
      s.awaitPollerExit(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    queueDepths.close();
    publisher.close();
    io.shutdown();
    try {
      io.awaitTermination(10, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    io.shutdownNow();
    eventBridge.close();
    sqs.close();
  }
}
