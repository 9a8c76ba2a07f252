package dev.eventbus.outbox.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import dev.eventbus.EventDecodingException;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.NonRetryableException;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one batch of rows to the bus's broker, consecutive rows of one topic as one broker batch,
 * and waits for the broker to acknowledge each (publisher confirms, acks=all) up to the publish
 * timeout. The stored bytes go to the broker as they were written: the relay needs no payload
 * classes. A row is checked first as a publish checks it (the broker's name rule and size limit),
 * against this bus's broker. Used by the relay's thread only.
 */
final class BatchPublisher {
  private final EventBus bus;
  private final Duration publishTimeout;

  BatchPublisher(EventBus bus, Duration publishTimeout) {
    this.bus = bus;
    this.publishTimeout = publishTimeout;
  }

  /**
   * Publishes rows in order and reports each one's failure.
   *
   * @param rows the rows, in id order
   * @return per row, null if the broker acknowledged it, else why not
   */
  Throwable[] publish(List<OutboxRow> rows) throws InterruptedException {
    long deadline = Broker.deadlineAfter(publishTimeout);
    List<CompletableFuture<Void>> futures = send(rows, deadline);
    Throwable[] failures = new Throwable[rows.size()];
    for (int i = 0; i < futures.size(); i++) {
      try {
        futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        failures[i] = unwrap(e.getCause());
      } catch (TimeoutException e) {
        failures[i] =
            new TimeoutException(
                "the broker did not acknowledge within the publish timeout " + publishTimeout);
      }
    }
    return failures;
  }

  private List<CompletableFuture<Void>> send(List<OutboxRow> rows, long deadline) {
    Broker broker = bus.broker();
    long limit = bus.capabilities().maxMessageBytes();
    List<CompletableFuture<Void>> futures = new ArrayList<>(rows.size());
    List<BrokerMessage> run = new ArrayList<>();
    String runTopic = null;
    for (OutboxRow row : rows) {
      RuntimeException refused = check(broker, limit, row);
      if (refused != null || !row.topic().equals(runTopic)) {
        flush(broker, runTopic, run, deadline, futures);
        runTopic = row.topic();
      }
      if (refused != null) {
        futures.add(CompletableFuture.failedFuture(refused));
        runTopic = null;
      } else {
        run.add(row.message());
      }
    }
    flush(broker, runTopic, run, deadline, futures);
    return futures;
  }

  private static RuntimeException check(Broker broker, long limit, OutboxRow row) {
    try {
      broker.validateNames(row.topic(), null);
    } catch (ConfigurationException e) {
      return e;
    }
    BrokerMessage m = row.message();
    return m.fitsWithin(limit)
        ? null
        : new EventTooLargeException(m.id(), m.approximateSize(), limit, broker.messageSizeLimit());
  }

  private static void flush(
      Broker broker,
      String topic,
      List<BrokerMessage> run,
      long deadline,
      List<CompletableFuture<Void>> futures) {
    if (run.isEmpty()) {
      return;
    }
    try {
      futures.addAll(broker.sendBatch(topic, List.copyOf(run), deadline));
    } catch (RuntimeException e) {
      for (int i = 0; i < run.size(); i++) {
        futures.add(CompletableFuture.failedFuture(e));
      }
    }
    run.clear();
  }

  /**
   * Whether a failure will happen again however often the row is sent: the broker's size limit, its
   * name rule, or a failure the bus calls non-retryable.
   *
   * @param failure the failure
   * @return true to move the row aside
   */
  static boolean isPermanent(Throwable failure) {
    return failure instanceof EventTooLargeException
        || failure instanceof ConfigurationException
        || failure instanceof NonRetryableException
        || failure instanceof EventDecodingException;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
