package dev.eventbus.eventbridge.internal;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import dev.eventbus.eventbridge.internal.SqsSubscription.SqsDelivery;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What settling a group's deliveries writes to SQS, on the I/O threads ("Delivery" in
 * docs/eventbridge.md): acks as deletes batched by 10 or after a short linger; retries as
 * visibility changes, or past {@code retryVisibilityLimit} as delayed re-sends with a {@value
 * #NOT_BEFORE} attribute; dead letters to the dead-letter queue. SQS cannot add a header to a
 * message retried by visibility, so its first failure is kept here (the last 10,000). Thread-safe.
 */
final class Settlements {
  static final String NOT_BEFORE = "eventbus-not-before"; // when a re-sent retry may be delivered

  private static final Logger log = LoggerFactory.getLogger(Settlements.class);
  private static final Duration LINGER = Duration.ofMillis(5);
  private static final int FIRST_FAILURES_KEPT = 10_000;

  private final BrokerRuntime runtime;
  private final SqsQueue queue;
  private final String deadLetterQueue;
  private final String fifoGroup;
  private final long visibilityLimitSeconds;
  private final Map<String, String> firstFailures =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > FIRST_FAILURES_KEPT;
            }
          });
  private final List<String> deletes = new ArrayList<>(); // guarded by this
  private boolean flushScheduled; // guarded by this
  private int deleting; // guarded by this

  Settlements(BrokerRuntime runtime, SqsQueue queue, String topic, String group) {
    this.runtime = runtime;
    this.queue = queue;
    this.deadLetterQueue = runtime.names.deadLetterQueueName(topic, group);
    this.fifoGroup = SqsQueue.fifoGroup(group);
    this.visibilityLimitSeconds = runtime.settings.get(Settings.RETRY_VISIBILITY_LIMIT).toSeconds();
  }

  String firstFailure(String messageId) {
    return firstFailures.get(messageId);
  }

  void ack(String receiptHandle) {
    boolean full;
    synchronized (this) {
      deletes.add(receiptHandle);
      full = deletes.size() >= SqsQueue.BATCH;
      if (!full && !flushScheduled) {
        flushScheduled = true;
        runtime.scheduler.schedule(LINGER, this::flush);
      }
    }
    if (full) {
      flush(); // a linger scheduled before finds less, or nothing, to delete
    }
  }

  private void flush() {
    List<String> batch;
    synchronized (this) {
      flushScheduled = false;
      batch = takeDeletes();
    }
    if (batch != null) {
      runtime.execute(() -> delete(batch));
    }
  }

  /** The pending deletes as one batch in flight, or null if there are none. */
  private synchronized List<String> takeDeletes() {
    if (deletes.isEmpty()) {
      return null;
    }
    List<String> batch = new ArrayList<>(deletes);
    deletes.clear();
    deleting++;
    return batch;
  }

  private void delete(List<String> batch) {
    try {
      queue.delete(batch);
    } catch (SdkException e) {
      log.warn("Deleting {} acknowledged message(s) failed: they come back", batch.size(), e);
    } finally {
      synchronized (this) {
        deleting--;
        notifyAll();
      }
    }
  }

  /** Deletes what is pending on the calling thread and waits up to the timeout for the rest. */
  void flushAndWait(Duration timeout) {
    List<String> batch = takeDeletes();
    if (batch != null) {
      delete(batch);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      try {
        while (deleting > 0 && deadline - System.nanoTime() > 0) {
          TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The not-before time of a re-sent retry, from its attribute headers; null if none. */
  static Instant notBefore(Map<String, String> headers) {
    return SqsQueue.parsed(headers.get(NOT_BEFORE), Instant::parse, null);
  }

  void retry(SqsDelivery d, Duration delay, Map<String, String> headers) {
    String first = headers.get(Delivery.FIRST_FAILURE_HEADER);
    if (first != null) {
      firstFailures.put(d.sqsMessage.messageId(), first);
    }
    long seconds = (delay.toMillis() + 999) / 1000;
    long held = Duration.ofNanos(System.nanoTime() - d.receivedAt).toSeconds();
    if (seconds + held <= visibilityLimitSeconds || queue.fifo()) {
      int visibility = (int) Math.max(0, Math.min(seconds, visibilityLimitSeconds - held));
      runtime.execute(() -> queue.changeVisibility(List.of(d.receiptHandle()), visibility));
    } else {
      Map<String, String> carried = new LinkedHashMap<>(d.sqsHeaders);
      carried.putAll(headers);
      carried.put(NOT_BEFORE, Instant.now().plusSeconds(seconds).toString());
      resend(d.sqsMessage, carried, seconds);
    }
  }

  /** A re-sent retry received before its time: sends it again for the time left. */
  void postpone(Message m, Map<String, String> headers, Instant notBefore) {
    resend(m, headers, Math.max(1, Duration.between(Instant.now(), notBefore).toSeconds() + 1));
  }

  /** Sends a message again, delayed, on the I/O threads; if that fails, it comes back anyway. */
  private void resend(Message m, Map<String, String> headers, long delaySeconds) {
    int delay = (int) Math.min(delaySeconds, SqsQueue.MAX_DELAY_SECONDS);
    runtime.execute(
        () -> {
          try {
            queue.send(m.body(), headers, delay, fifoGroup);
            queue.delete(List.of(m.receiptHandle()));
          } catch (SdkException e) {
            log.warn("Re-sending {} failed; it comes back after its visibility", m.messageId(), e);
          }
        });
  }

  /**
   * Writes the message, untouched, with the headers as attributes, to the dead-letter queue, then
   * deletes it from the group's queue; a retry after a failed delete does not write it twice.
   */
  CompletableFuture<Void> deadLetter(SqsDelivery d, Map<String, String> headers) {
    return runtime.submit(
        "Dead-lettering " + d + " failed",
        true,
        () -> {
          // looked up when needed: without provisioning it may be created after the consumer
          SqsQueue dlq = runtime.provisioner.queueIfExists(deadLetterQueue);
          if (dlq == null) {
            throw new EventBusException(
                "Group queue " + queue.url() + " has no dead-letter queue; provision or create it");
          }
          try {
            if (!d.deadLetterWritten) {
              String group = SqsQueue.fifoGroup(headers.get(DeadLetter.ID_HEADER));
              dlq.send(d.sqsMessage.body(), headers, 0, group);
              d.deadLetterWritten = true;
            }
            queue.deleteOne(d.receiptHandle());
          } catch (SdkException e) {
            throw new EventBusException("Dead-lettering " + d + " to " + dlq.url() + " failed", e);
          }
          firstFailures.remove(d.sqsMessage.messageId());
        });
  }
}
