package dev.eventbus.eventbridge.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Deletes acknowledged messages in batches: a full batch of 10 goes at once, a partial one after a
 * short linger. {@link #flushAndWait} sends what is pending and waits for every delete in flight,
 * so that what was acknowledged before a close is committed. Thread-safe.
 */
final class DeleteBatcher {
  private static final Logger log = LoggerFactory.getLogger(DeleteBatcher.class);
  private static final long LINGER_MILLIS = 5;

  private final SqsClient sqs;
  private final String queueUrl;
  private final Executor io;
  private final ScheduledExecutorService timer;
  private final List<String> pending = new ArrayList<>();
  private boolean flushScheduled;
  private int running;

  DeleteBatcher(SqsClient sqs, String queueUrl, Executor io, ScheduledExecutorService timer) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.io = io;
    this.timer = timer;
  }

  /** Deletes a message soon. */
  void add(String receiptHandle) {
    List<String> batch = null;
    synchronized (this) {
      pending.add(receiptHandle);
      if (pending.size() >= QueueMessages.BATCH) {
        batch = take();
      } else if (!flushScheduled) {
        flushScheduled = true;
        try {
          timer.schedule(this::flush, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          batch = take();
        }
      }
    }
    if (batch != null) {
      submit(batch);
    }
  }

  private void flush() {
    List<String> batch;
    synchronized (this) {
      flushScheduled = false;
      batch = take();
    }
    if (!batch.isEmpty()) {
      submit(batch);
    }
  }

  private List<String> take() {
    List<String> batch = new ArrayList<>(pending);
    pending.clear();
    running += batch.isEmpty() ? 0 : 1;
    return batch;
  }

  private void submit(List<String> batch) {
    io.execute(() -> run(batch));
  }

  private void run(List<String> batch) {
    try {
      QueueMessages.delete(sqs, queueUrl, batch);
    } catch (SdkException e) {
      log.warn(
          "Deleting {} acknowledged message(s) from {} failed; they will be delivered again",
          batch.size(),
          queueUrl,
          e);
    } finally {
      synchronized (this) {
        running--;
        notifyAll();
      }
    }
  }

  /** Deletes what is pending on the calling thread and waits up to the timeout for the rest. */
  void flushAndWait(Duration timeout) {
    List<String> batch;
    synchronized (this) {
      batch = take();
    }
    if (!batch.isEmpty()) {
      run(batch);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
