package dev.eventbus.eventbridge.internal;

import static software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT;

import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A group's consumer in this process: one thread long-polls the group's queue, never holding more
 * than {@code maxInFlight} unsettled messages; a heartbeat extends their visibility every third of
 * the visibility timeout, so a slow handler never lets its message reappear. When SQS or
 * EventBridge does not answer, it reads FAILING with the failed call as its reason and tries again
 * with a backoff, setting up its queue first if {@link #start} could not. Thread-safe; {@link
 * #close()} commits pending deletes and makes every unsettled message visible again at once.
 */
final class SqsSubscription implements BrokerSubscription {
  private static final Logger log = LoggerFactory.getLogger(SqsSubscription.class);

  private volatile SqsQueue queue; // null until set up
  private volatile Settlements settlements; // made with the queue
  private final int visibilitySeconds;
  private final int pollWaitSeconds;
  private final ConsumerSpec spec;
  private final DeliveryListener listener;
  private final BrokerRuntime runtime;
  private final Semaphore permits;
  private final Set<SqsDelivery> unsettled = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final Thread poller;
  private Scheduler.Cancellable heartbeat; // guarded by lock
  private final long heartbeatNanos;
  private volatile boolean fetching = true;
  private volatile boolean closed;
  private volatile String failure; // why it is FAILING; null while SQS answers
  private long backoffMillis; // the poller's

  SqsSubscription(BrokerRuntime runtime, ConsumerSpec spec, DeliveryListener core) {
    this.spec = spec;
    this.listener = core;
    this.runtime = runtime;
    this.permits = new Semaphore(spec.maxInFlight());
    Duration visibility = runtime.settings.get(Settings.VISIBILITY_TIMEOUT);
    this.visibilitySeconds = (int) visibility.toSeconds();
    this.pollWaitSeconds = (int) runtime.settings.get(Settings.POLL_WAIT).toSeconds();
    this.heartbeatNanos = visibility.toNanos() / 3;
    this.poller = new Thread(this::poll, "eventbus-sqs-" + spec.group());
    poller.setDaemon(true);
  }

  /**
   * Sets up the group's queue (provisioning it when provisioning is on), then starts polling. When
   * SQS or EventBridge did not answer, the poller sets it up later; an error they answered with (a
   * queue missing without provisioning, access denied) is thrown.
   */
  void start() {
    setUp(true);
    synchronized (lock) {
      if (!closed) { // by the broker's close, meanwhile
        poller.start();
        heartbeat = runtime.scheduler.schedule(Duration.ofNanos(heartbeatNanos), this::heartbeat);
      }
    }
  }

  /** Whether the queue is set up now; if not, the failure is noted (or thrown, if so asked). */
  private boolean setUp(boolean throwAnswers) {
    try {
      SqsQueue q = runtime.provisioner.group(spec.topic(), spec.group());
      settlements = new Settlements(runtime, q, spec.topic(), spec.group());
      queue = q;
      return true;
    } catch (RuntimeException e) {
      if (throwAnswers && !(e.getCause() instanceof SdkClientException)) {
        throw e;
      }
      failed("Setting up the SQS queue of " + spec.topic() + "/" + spec.group(), e);
      return false;
    }
  }

  /** The queue's approximate count for the depth gauge; -1 (unknown) until it is set up. */
  long depth() {
    SqsQueue q = queue;
    return q == null ? -1 : q.count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
  }

  private void poll() {
    while (fetching) {
      if (queue == null && !setUp(false)) {
        pause();
        continue;
      }
      int wanted = acquirePermits();
      if (wanted == 0) {
        continue;
      }
      List<Message> messages;
      try {
        messages =
            queue.receive(wanted, pollWaitSeconds, visibilitySeconds, APPROXIMATE_RECEIVE_COUNT);
      } catch (RuntimeException e) {
        permits.release(wanted);
        failed("ReceiveMessage from " + queue.url(), e);
        pause();
        continue;
      }
      failure = null;
      backoffMillis = 0;
      permits.release(wanted - messages.size());
      listener.beginBurst(); // one receive's messages wake the handler threads once
      try {
        messages.forEach(this::accept);
      } finally {
        listener.endBurst();
      }
    }
  }

  /** Notes the failure as the reason for health, logging the first of a run of them. */
  private void failed(String operation, RuntimeException e) {
    if (!fetching) {
      return; // closing: the call was cut short
    }
    String reason = runtime.settings.redact(SqsQueue.reason(operation, e));
    if (failure == null) {
      log.warn("{}; trying again with a backoff of 1 s to 30 s", reason, e);
    }
    failure = reason;
  }

  private void pause() {
    backoffMillis = Math.min(30_000, Math.max(1_000, backoffMillis * 2));
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis)); // close unparks
  }

  private int acquirePermits() {
    int n = 0;
    try {
      if (permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
        for (n = 1; n < SqsQueue.BATCH && permits.tryAcquire(); n++) {}
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fetching = false;
    }
    return n;
  }

  private void accept(Message m) {
    Map<String, String> sqsHeaders = SqsQueue.headers(m);
    Instant notBefore = Settlements.notBefore(sqsHeaders);
    if (notBefore != null && notBefore.isAfter(Instant.now())) {
      permits.release();
      settlements.postpone(m, sqsHeaders, notBefore);
      return;
    }
    if (sqsHeaders.containsKey(Settlements.NOT_BEFORE)) {
      sqsHeaders.remove(Settlements.NOT_BEFORE); // due; a retry by re-sending sets it anew
    }
    BrokerMessage message = runtime.envelope.read(m.body(), sqsHeaders);
    String firstFailure = settlements.firstFailure(m.messageId());
    if (firstFailure != null && !message.headers().containsKey(Delivery.FIRST_FAILURE_HEADER)) {
      message = message.withHeaders(Map.of(Delivery.FIRST_FAILURE_HEADER, firstFailure));
    }
    SqsDelivery delivery = new SqsDelivery(m, message, sqsHeaders);
    synchronized (lock) {
      if (!fetching || closed) {
        permits.release();
        runtime.execute(() -> queue.release(List.of(m.receiptHandle())));
        return;
      }
      unsettled.add(delivery);
    }
    try {
      listener.onDelivery(delivery);
    } catch (RuntimeException e) {
      log.error("The listener of {}/{} refused {}", spec.topic(), spec.group(), delivery, e);
    }
  }

  private void heartbeat() {
    // what was received within half a beat still has most of its visibility
    long now = System.nanoTime();
    List<String> due =
        unsettled.stream()
            .filter(d -> now - d.receivedAt >= heartbeatNanos / 2)
            .map(SqsDelivery::receiptHandle)
            .toList();
    if (!due.isEmpty()) {
      runtime.execute(() -> queue.changeVisibility(due, visibilitySeconds));
    }
    synchronized (lock) {
      if (!closed) {
        heartbeat = runtime.scheduler.schedule(Duration.ofNanos(heartbeatNanos), this::heartbeat);
      }
    }
  }

  @Override
  public void stopFetching() {
    synchronized (lock) {
      fetching = false;
      LockSupport.unpark(poller);
    }
  }

  @Override
  public void close() {
    List<SqsDelivery> held;
    synchronized (lock) {
      if (closed) {
        return;
      }
      stopFetching();
      closed = true;
      held = new ArrayList<>(unsettled);
      unsettled.clear();
      if (heartbeat != null) {
        heartbeat.cancel();
      }
    }
    if (settlements != null) { // nothing was received before the queue was set up
      settlements.flushAndWait(Duration.ofSeconds(10));
      queue.release(held.stream().map(SqsDelivery::receiptHandle).toList());
    }
    runtime.subscriptions.remove(this);
  }

  void awaitPollerExit(Duration timeout) {
    try {
      poller.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public SubscriptionState state() {
    return closed
        ? SubscriptionState.STOPPED
        : failure != null ? SubscriptionState.FAILING : SubscriptionState.RUNNING;
  }

  /**
   * The failed SQS or EventBridge call: its operation and the service's error code, or the SDK's
   * message.
   */
  @Override
  public String failureReason() {
    return failure;
  }

  @Override
  public String toString() {
    SqsQueue q = queue;
    String url = q == null ? "(not set up)" : q.url();
    String what = "topic=" + spec.topic() + ", group=" + spec.group() + ", queue=" + url;
    return "SqsSubscription{" + what + ", unsettled=" + unsettled.size() + "}";
  }

  private static final Map<String, String> CONSUMED_FROM = Map.of("messaging.system", "aws_sqs");

  /**
   * One received message; settling it frees its place and hands the write to {@link Settlements}.
   * Its attempt is {@code eventbus-attempt header - 1 + ApproximateReceiveCount}: a retry by
   * visibility counts one more receive, a re-sent message starts anew with the header. Thread-safe.
   */
  final class SqsDelivery implements Delivery {
    final Message sqsMessage;
    private final BrokerMessage message;

    final Map<String, String> sqsHeaders; // from message attributes (re-sent retries), kept
    final long receivedAt = System.nanoTime();
    volatile boolean deadLetterWritten; // a retried dead-lettering then only deletes it
    private final int attempt; // read once: the core asks for it on every decision and log line

    SqsDelivery(Message sqsMessage, BrokerMessage message, Map<String, String> sqsHeaders) {
      this.sqsMessage = sqsMessage;
      this.message = message;
      this.sqsHeaders = sqsHeaders;
      String receives = sqsMessage.attributes().get(APPROXIMATE_RECEIVE_COUNT);
      this.attempt =
          Math.max(1, count(message.headers().get(ATTEMPT_HEADER)) - 1 + count(receives));
    }

    private static int count(String value) {
      return Math.max(1, SqsQueue.parsed(value, Integer::valueOf, 1));
    }

    @Override
    public BrokerMessage message() {
      return message;
    }

    /** Received from the group's SQS queue, whatever system it was published to. */
    @Override
    public Map<String, String> traceAttributes() {
      return CONSUMED_FROM;
    }

    @Override
    public String topic() {
      return spec.topic();
    }

    @Override
    public String group() {
      return spec.group();
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public void ack() {
      settled();
      settlements.ack(receiptHandle());
    }

    @Override
    public void retryLater(Duration delay, Map<String, String> headers) {
      settled();
      settlements.retry(this, delay, headers);
    }

    @Override
    public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
      return settlements.deadLetter(this, headers).thenRun(this::settled);
    }

    // the core settles each delivery once, and none after close: this only frees its place
    private void settled() {
      if (unsettled.remove(this)) {
        permits.release();
      }
    }

    String receiptHandle() {
      return sqsMessage.receiptHandle();
    }

    @Override
    public String toString() {
      String id = sqsMessage.messageId();
      return "SqsDelivery{" + message + ", sqsId=" + id + ", attempt=" + attempt() + "}";
    }
  }
}
