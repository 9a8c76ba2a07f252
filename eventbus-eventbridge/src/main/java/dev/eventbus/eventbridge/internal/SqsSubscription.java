package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.ConfigTable.POLL_WAIT;
import static dev.eventbus.eventbridge.internal.ConfigTable.VISIBILITY_TIMEOUT;

import dev.eventbus.EventBusException;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A group's consumer in this process: one thread long-polls the group's queue, receiving at most 10
 * messages and never more than {@code maxInFlight} unsettled at once; a heartbeat extends the
 * visibility of unsettled messages every third of the visibility timeout, so a slow handler never
 * lets its message reappear; acknowledged messages are deleted in batches.
 *
 * <p>Thread-safe. {@link #stopFetching()} stops receiving (a poll under way finishes, and what it
 * returns is released at once); {@link #close()} commits pending deletes and makes every unsettled
 * message visible again for another instance. Settling after close has no effect.
 */
public final class SqsSubscription implements BrokerSubscription {
  private static final Logger log = LoggerFactory.getLogger(SqsSubscription.class);
  private static final int FIRST_FAILURES_KEPT = 10_000;

  private final SqsClient sqs;
  private final Settings settings;
  private final ConsumerSpec spec;
  private final String queueUrl;
  private final DeliveryListener listener;
  private final EventEnvelope envelope;
  private final ScheduledExecutorService timer;
  private final ExecutorService io;
  private final Consumer<SqsSubscription> onClose;
  private final Semaphore permits;
  private final Set<SqsDelivery> unsettled = ConcurrentHashMap.newKeySet();
  private final DeleteBatcher deletes;
  private final RetrySettlement retries;
  private final Map<String, String> firstFailures =
      Collections.synchronizedMap(new FirstFailures());
  private final Object lock = new Object();
  private final Thread poller;
  private final ScheduledFuture<?> heartbeat;
  private final long heartbeatNanos;
  private volatile boolean fetching = true;
  private volatile boolean closed;
  private volatile boolean failing;

  /**
   * Creates the subscription and starts polling.
   *
   * @param context what the subscription works with
   * @param spec what to consume
   * @param queues the group's queues
   * @param listener the core
   * @param onClose called once when closed
   */
  public SqsSubscription(
      BrokerRuntime context,
      ConsumerSpec spec,
      Provisioner.GroupQueues queues,
      DeliveryListener listener,
      Consumer<SqsSubscription> onClose) {
    this.sqs = context.sqs();
    this.settings = context.settings();
    this.spec = spec;
    this.queueUrl = queues.queueUrl();
    this.listener = listener;
    this.envelope = context.envelope();
    this.timer = context.timer();
    this.io = context.io();
    this.onClose = onClose;
    this.permits = new Semaphore(spec.maxInFlight());
    this.deletes = new DeleteBatcher(sqs, queueUrl, io, timer);
    this.retries =
        new RetrySettlement(
            sqs,
            settings,
            queueUrl,
            context.deadLetterQueue(spec.topic(), spec.group()),
            Provisioner.fifoGroupId(spec.group()));
    this.heartbeatNanos = settings.get(VISIBILITY_TIMEOUT).toNanos() / 3;
    this.poller = new Thread(this::poll, "eventbus-sqs-" + spec.group());
    poller.setDaemon(true);
    poller.start();
    this.heartbeat =
        timer.scheduleAtFixedRate(
            this::heartbeat, heartbeatNanos, heartbeatNanos, TimeUnit.NANOSECONDS);
  }

  String topic() {
    return spec.topic();
  }

  String group() {
    return spec.group();
  }

  private void poll() {
    long backoffMillis = 0;
    while (fetching) {
      int wanted = acquirePermits();
      if (wanted == 0) {
        continue;
      }
      List<Message> messages;
      try {
        messages = receive(wanted);
      } catch (RuntimeException e) {
        permits.release(wanted);
        if (!fetching) {
          break;
        }
        backoffMillis = Math.min(30_000, Math.max(1_000, backoffMillis * 2));
        if (!failing) {
          log.warn("Receiving from {} failed; retrying in {} ms", queueUrl, backoffMillis, e);
        }
        failing = true;
        pause(backoffMillis);
        continue;
      }
      failing = false;
      backoffMillis = 0;
      permits.release(wanted - messages.size());
      for (Message m : messages) {
        accept(m);
      }
    }
  }

  private List<Message> receive(int max) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(queueUrl)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds((int) settings.get(POLL_WAIT).toSeconds())
                    .visibilityTimeout((int) settings.get(VISIBILITY_TIMEOUT).toSeconds())
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    .messageAttributeNames("All"))
        .messages();
  }

  private int acquirePermits() {
    try {
      if (!permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
        return 0;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fetching = false;
      return 0;
    }
    int n = 1;
    while (n < QueueMessages.BATCH && permits.tryAcquire()) {
      n++;
    }
    return n;
  }

  private void pause(long millis) {
    synchronized (lock) {
      try {
        if (fetching) {
          lock.wait(millis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fetching = false;
      }
    }
  }

  private void accept(Message m) {
    Map<String, String> sqsHeaders = HeaderAttributes.read(m.messageAttributes());
    Instant notBefore = RetrySettlement.notBefore(sqsHeaders);
    if (notBefore != null && notBefore.isAfter(Instant.now())) {
      permits.release();
      execute(() -> retries.postpone(m, sqsHeaders, notBefore));
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>(sqsHeaders);
    headers.remove(RetrySettlement.NOT_BEFORE);
    String firstFailure = firstFailures.get(m.messageId());
    BrokerMessage message = envelope.read(m.body(), headers);
    if (firstFailure != null && !message.headers().containsKey(Delivery.FIRST_FAILURE_HEADER)) {
      message = message.withHeaders(Map.of(Delivery.FIRST_FAILURE_HEADER, firstFailure));
    }
    SqsDelivery delivery = new SqsDelivery(this, m, message, sqsHeaders, receiveCount(m));
    synchronized (lock) {
      if (!fetching || closed) {
        permits.release();
        execute(() -> release(List.of(m.receiptHandle())));
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

  private static int receiveCount(Message m) {
    String count = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return count == null ? 1 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Removes a delivery from the unsettled ones; false if it was settled or closed already. */
  private boolean settle(SqsDelivery d) {
    if (closed || !unsettled.remove(d)) {
      return false;
    }
    permits.release();
    return true;
  }

  void ack(SqsDelivery d) {
    if (settle(d)) {
      deletes.add(d.receiptHandle());
    }
  }

  void retryLater(SqsDelivery d, Duration delay, Map<String, String> headers) {
    if (!settle(d)) {
      return;
    }
    String first = headers.get(Delivery.FIRST_FAILURE_HEADER);
    if (first != null) {
      firstFailures.put(d.sqsMessage().messageId(), first);
    }
    execute(() -> retries.retry(d, delay, headers));
  }

  CompletableFuture<Void> deadLetter(SqsDelivery d, Map<String, String> headers) {
    if (closed || !unsettled.contains(d)) {
      return CompletableFuture.failedFuture(
          new EventBusException(
              "Delivery " + d + " is already settled or its subscription is closed"));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    execute(
        () -> {
          try {
            retries.deadLetter(d, headers);
            if (settle(d)) {
              firstFailures.remove(d.sqsMessage().messageId());
            }
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(
                e instanceof EventBusException
                    ? e
                    : new EventBusException("Dead-lettering " + d + " failed", e));
          }
        });
    return done;
  }

  private void heartbeat() {
    long now = System.nanoTime();
    List<SqsDelivery> due = new ArrayList<>();
    for (SqsDelivery d : unsettled) {
      if (now - d.lastExtended() >= heartbeatNanos / 2) {
        d.extendedAt(now);
        due.add(d);
      }
    }
    if (due.isEmpty()) {
      return;
    }
    execute(
        () -> {
          List<String> handles = new ArrayList<>(due.size());
          due.forEach(d -> handles.add(d.receiptHandle()));
          try {
            QueueMessages.changeVisibility(
                sqs, queueUrl, handles, (int) settings.get(VISIBILITY_TIMEOUT).toSeconds());
          } catch (SdkException e) {
            log.warn("Extending the visibility of {} message(s) failed", handles.size(), e);
          }
        });
  }

  private void release(List<String> receiptHandles) {
    try {
      QueueMessages.changeVisibility(sqs, queueUrl, receiptHandles, 0);
    } catch (SdkException | IllegalStateException e) {
      log.debug("Releasing {} message(s) failed; they reappear after the visibility timeout", e);
    }
  }

  private void execute(Runnable task) {
    try {
      io.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  @Override
  public void stopFetching() {
    synchronized (lock) {
      fetching = false;
      lock.notifyAll();
    }
  }

  @Override
  public void close() {
    List<SqsDelivery> held;
    synchronized (lock) {
      if (closed) {
        return;
      }
      fetching = false;
      closed = true;
      lock.notifyAll();
      held = new ArrayList<>(unsettled);
      unsettled.clear();
    }
    heartbeat.cancel(false);
    deletes.flushAndWait(Duration.ofSeconds(10));
    if (!held.isEmpty()) {
      List<String> handles = new ArrayList<>(held.size());
      held.forEach(d -> handles.add(d.receiptHandle()));
      release(handles);
    }
    onClose.accept(this);
  }

  /**
   * Waits for the polling thread to end, after close.
   *
   * @param timeout how long to wait
   */
  public void awaitPollerExit(Duration timeout) {
    try {
      poller.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public SubscriptionState state() {
    if (closed) {
      return SubscriptionState.STOPPED;
    }
    return failing ? SubscriptionState.FAILING : SubscriptionState.RUNNING;
  }

  @Override
  public String toString() {
    return "SqsSubscription{topic="
        + spec.topic()
        + ", group="
        + spec.group()
        + ", queue="
        + queueUrl
        + ", unsettled="
        + unsettled.size()
        + "}";
  }

  /** The first failure of messages retried by visibility (SQS cannot add it to the message). */
  private static final class FirstFailures extends LinkedHashMap<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > FIRST_FAILURES_KEPT;
    }
  }
}
