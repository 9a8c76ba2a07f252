package dev.eventbus.eventbridge.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.PublishException;
import dev.eventbus.RetryPolicy;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Scheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Sends events with PutEvents, in batches of at most {@code publishBatchSize} entries and {@code
 * maxRequestBytes}. Entries that EventBridge fails transiently, and requests throttled or failed in
 * transit, are sent again (only those entries, at the front of the queue) after the delays of a
 * {@link RetryPolicy} on the bus's scheduler, until {@code publishMaxAttempts} or the bus's publish
 * timeout. Thread-safe: up to {@code publishThreads} senders drain one queue, unbounded as the bus
 * bounds pending publishes.
 */
final class EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  private static final Set<String> RETRYABLE_CODES =
      Set.of("ThrottlingException", "InternalFailure", "InternalException", "ServiceUnavailable");

  private final BrokerRuntime runtime;
  private final EventBridgeClient client;
  private final Scheduler scheduler;
  private final Duration publishTimeout;
  private final int batchSize;
  private final int threads;
  private final long maxRequestBytes;
  private final RetryPolicy backoff;
  private final ExecutorService senders;
  private final ArrayDeque<PendingEvent> queue = new ArrayDeque<>(); // guarded by this
  private final Set<PendingEvent> pending = ConcurrentHashMap.newKeySet();
  private final Counter requests;
  private final Counter entries;
  private final Counter retries;
  private int draining; // guarded by this
  private boolean closed; // guarded by this

  /** {@code client} must not retry by itself: this class does. */
  EventPublisher(BrokerRuntime runtime, EventBridgeClient client, BrokerContext context) {
    Settings settings = runtime.settings;
    this.runtime = runtime;
    this.client = client;
    this.scheduler = context.scheduler();
    this.publishTimeout = context.publishTimeout();
    this.batchSize = settings.get(Settings.PUBLISH_BATCH_SIZE);
    this.threads = settings.get(Settings.PUBLISH_THREADS);
    this.maxRequestBytes = settings.get(Settings.MAX_REQUEST_BYTES);
    this.backoff =
        RetryPolicy.custom()
            .maxAttempts(settings.get(Settings.PUBLISH_MAX_ATTEMPTS))
            .initialDelay(settings.get(Settings.PUBLISH_BACKOFF))
            .multiplier(2.0)
            .maxDelay(settings.get(Settings.PUBLISH_BACKOFF_MAX))
            .jitter(0.5)
            .build();
    this.senders =
        Executors.newFixedThreadPool(
            threads, BrokerRuntime.daemon("eventbus-eventbridge-publisher"));
    MeterRegistry meters = context.meterRegistry();
    this.requests = meters.counter("eventbus.eventbridge.putevents.requests");
    this.entries = meters.counter("eventbus.eventbridge.putevents.entries");
    this.retries = meters.counter("eventbus.eventbridge.putevents.retried.entries");
  }

  /**
   * Queues the messages as events of the topic's bus: one future per message, failed at once for a
   * message whose entry is over {@code maxRequestBytes}, else once its deadline (a {@code
   * System.nanoTime()} reading: the bus's publish timeout from when the publish began) has passed,
   * retries included.
   */
  List<CompletableFuture<Void>> publish(String topic, List<BrokerMessage> messages, long deadline) {
    List<CompletableFuture<Void>> futures = new ArrayList<>(messages.size());
    String bus = runtime.names.busName(topic);
    List<PendingEvent> accepted = new ArrayList<>(messages.size());
    boolean late = Broker.passed(deadline); // one clock read for the batch
    for (BrokerMessage m : messages) {
      if (late) {
        futures.add(CompletableFuture.failedFuture(Broker.deadlinePassed(m.id(), "EventBridge")));
        continue;
      }
      try {
        PutEventsRequestEntry entry =
            runtime.envelope.entry(
                bus, runtime.names.source(topic, m.attributes().get("source")), m);
        long size = EventEnvelope.entrySize(entry);
        if (size > maxRequestBytes) {
          throw new EventTooLargeException(m.id(), size, maxRequestBytes, Settings.SIZE_LIMIT);
        }
        PendingEvent p = new PendingEvent(entry, size, m.id(), deadline);
        accepted.add(p);
        futures.add(p.future);
      } catch (EventBusException e) {
        futures.add(CompletableFuture.failedFuture(e));
      }
    }
    synchronized (this) {
      if (closed) {
        accepted.forEach(p -> fail(p, new EventBusException("The EventBridge broker is closed")));
      } else {
        pending.addAll(accepted);
        queue.addAll(accepted);
        startSenders();
      }
    }
    return futures;
  }

  /** Starts as many senders as the queue has batches for, up to {@code publishThreads}. */
  private void startSenders() {
    int wanted = Math.min(threads, (queue.size() + batchSize - 1) / batchSize);
    for (; draining < wanted; draining++) {
      try {
        senders.execute(this::drain);
      } catch (RejectedExecutionException e) {
        return; // closed: close() fails what is left
      }
    }
  }

  private void drain() {
    for (List<PendingEvent> batch = take(); batch != null; batch = take()) {
      try {
        send(batch);
      } catch (RuntimeException e) {
        log.error("Unexpected failure publishing to EventBridge", e);
        batch.forEach(p -> fail(p, new PublishException("Publishing to EventBridge failed", e)));
      }
    }
  }

  /** The next batch, or null when the queue is empty and this sender stops. */
  private synchronized List<PendingEvent> take() {
    if (queue.isEmpty()) {
      draining--;
      return null;
    }
    List<PendingEvent> batch = new ArrayList<>(batchSize);
    long bytes = 0;
    while (!queue.isEmpty() && batch.size() < batchSize) {
      PendingEvent next = queue.peekFirst();
      if (!batch.isEmpty() && bytes + next.size > maxRequestBytes) {
        break;
      }
      batch.add(queue.pollFirst());
      bytes += next.size;
    }
    return batch;
  }

  private void send(List<PendingEvent> batch) {
    List<PutEventsRequestEntry> request = new ArrayList<>(batch.size());
    for (PendingEvent p : batch) {
      request.add(p.entry);
      p.attempts++;
    }
    List<PutEventsResultEntry> results;
    try {
      request.forEach(e -> runtime.provisioner.ensureBus(e.eventBusName())); // known buses: no call
      requests.increment();
      entries.increment(batch.size());
      results = client.putEvents(b -> b.entries(request)).entries();
    } catch (SdkException e) {
      for (PendingEvent p : batch) {
        if (isTransient(e)) {
          retry(p, e.getMessage(), e);
        } else {
          fail(p, new PublishException("EventBridge PutEvents failed: " + e.getMessage(), e));
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      PendingEvent p = batch.get(i);
      PutEventsResultEntry r = i < results.size() ? results.get(i) : null;
      if (r == null) {
        retry(p, "PutEvents returned no result for the entry", null);
      } else if (r.errorCode() == null) {
        p.future.complete(null);
        pending.remove(p);
      } else if (RETRYABLE_CODES.contains(r.errorCode())) {
        retry(p, r.errorCode() + ": " + r.errorMessage(), null);
      } else {
        String rejected = "EventBridge rejected event " + p.eventId + " (" + r.errorCode() + "): ";
        fail(p, new PublishException(rejected + r.errorMessage(), null));
      }
    }
  }

  private static boolean isTransient(SdkException e) {
    if (e instanceof AwsServiceException ase) {
      return ase.isThrottlingException() || ase.statusCode() >= 500 || ase.retryable();
    }
    if (e instanceof SdkClientException) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IOException) {
          return true;
        }
      }
    }
    return e.retryable();
  }

  private void retry(PendingEvent p, String reason, Throwable cause) {
    long delay =
        p.attempts >= backoff.maxAttempts()
            ? -1
            : backoff.delayAfter(p.attempts, ThreadLocalRandom.current().nextDouble()).toNanos();
    String gaveUp =
        delay < 0
            ? "after " + p.attempts + " attempts"
            : System.nanoTime() + delay > p.deadline
                ? "within the publish timeout " + publishTimeout + " (" + p.attempts + " attempts)"
                : null;
    if (gaveUp != null) {
      String message = "EventBridge did not accept event " + p.eventId + " " + gaveUp;
      fail(p, new PublishException(message + ": " + reason, cause));
      return;
    }
    retries.increment();
    log.debug("Retrying event {} in {} ms: {}", p.eventId, delay / 1_000_000, reason);
    try {
      scheduler.schedule(Duration.ofNanos(delay), () -> requeue(p));
    } catch (RejectedExecutionException e) {
      fail(p, new EventBusException("The EventBridge broker closed while retrying a publish", e));
    }
  }

  private synchronized void requeue(PendingEvent p) {
    if (closed && !pending.contains(p)) {
      return; // failed by close
    }
    queue.addFirst(p);
    startSenders();
  }

  private void fail(PendingEvent p, EventBusException e) {
    p.future.completeExceptionally(e);
    pending.remove(p);
  }

  /**
   * Refuses new events, waits up to the publish timeout for queued and retrying ones to be accepted
   * or to fail, then fails what is left and stops the senders. Idempotent.
   */
  void close() {
    synchronized (this) {
      closed = true;
    }
    CompletableFuture<?>[] left =
        pending.stream().map(p -> p.future.handle((v, e) -> v)).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(left).get(publishTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // what is still pending fails below
    }
    synchronized (this) {
      queue.clear();
    }
    senders.shutdown();
    for (PendingEvent p : List.copyOf(pending)) {
      fail(p, new EventBusException("The EventBridge broker closed before the event was sent"));
    }
    try {
      senders.awaitTermination(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An event on its way; its attempts are counted by the senders, one at a time. */
  private static final class PendingEvent {
    final PutEventsRequestEntry entry;
    final long size;
    final String eventId;
    final long deadline;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    int attempts;

    PendingEvent(PutEventsRequestEntry entry, long size, String eventId, long deadline) {
      this.entry = entry;
      this.size = size;
      this.eventId = eventId;
      this.deadline = deadline;
    }
  }
}
