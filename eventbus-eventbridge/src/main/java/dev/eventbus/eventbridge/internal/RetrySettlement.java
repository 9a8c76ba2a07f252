package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.ConfigTable.RETRY_VISIBILITY_LIMIT;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The settlements that write to SQS: retry later and dead letter. Runs on the broker's I/O threads.
 *
 * <p>A retry delay up to {@code retryVisibilityLimit} (counted from the receipt, as SQS caps a
 * message's visibility at 12 hours from its receipt) changes the message's visibility: the message
 * stays in the queue, survives restarts, and comes back with its receive count one higher. A longer
 * delay re-sends the message with the retry headers and {@value #NOT_BEFORE} as attributes, in hops
 * of at most 15 minutes (SQS's delivery-delay cap), and deletes the original; a consumer that
 * receives a hop too early re-sends it again without delivering it. FIFO queues take no per-message
 * delay: there the delay is capped at the visibility limit.
 */
final class RetrySettlement {
  /** The attribute holding the earliest time a re-sent retry may be delivered. */
  static final String NOT_BEFORE = "eventbus-not-before";

  private static final Logger log = LoggerFactory.getLogger(RetrySettlement.class);

  private final SqsClient sqs;
  private final Settings settings;
  private final String queueUrl;
  private final Supplier<String> deadLetterQueue;
  private final String fifoGroup;

  RetrySettlement(
      SqsClient sqs,
      Settings settings,
      String queueUrl,
      Supplier<String> deadLetterQueue,
      String fifoGroup) {
    this.sqs = sqs;
    this.settings = settings;
    this.queueUrl = queueUrl;
    this.deadLetterQueue = deadLetterQueue;
    this.fifoGroup = fifoGroup;
  }

  /** The not-before time of a re-sent retry, from its attribute headers; null if none. */
  static Instant notBefore(Map<String, String> headers) {
    String value = headers.get(NOT_BEFORE);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  void retry(SqsDelivery d, Duration delay, Map<String, String> headers) {
    long seconds = (delay.toMillis() + 999) / 1000;
    long held = Duration.ofNanos(System.nanoTime() - d.receivedAt).toSeconds();
    long limit = settings.get(RETRY_VISIBILITY_LIMIT).toSeconds();
    try {
      if (seconds + held <= limit || queueUrl.endsWith(".fifo")) {
        int visibility = (int) Math.max(0, Math.min(seconds, limit - held));
        QueueMessages.changeVisibility(sqs, queueUrl, List.of(d.receiptHandle()), visibility);
      } else {
        Map<String, String> carried = new LinkedHashMap<>(d.sqsHeaders);
        carried.putAll(headers);
        carried.put(NOT_BEFORE, Instant.now().plusSeconds(seconds).toString());
        resend(d.sqsMessage, carried, seconds);
      }
    } catch (SdkException e) {
      log.warn(
          "Scheduling the retry of {} failed; it is delivered again after its visibility timeout",
          d,
          e);
    }
  }

  /** A re-sent retry received before its time: sends it again for the time left. */
  void postpone(Message m, Map<String, String> headers, Instant notBefore) {
    long seconds = Math.max(1, Duration.between(Instant.now(), notBefore).toSeconds() + 1);
    try {
      resend(m, headers, seconds);
    } catch (SdkException e) {
      log.warn(
          "Postponing message {} failed; it comes back after its visibility timeout",
          m.messageId(),
          e);
    }
  }

  private void resend(Message m, Map<String, String> headers, long delaySeconds) {
    QueueMessages.send(
        sqs,
        queueUrl,
        m.body(),
        HeaderAttributes.write(headers),
        (int) Math.min(delaySeconds, QueueMessages.MAX_DELAY_SECONDS),
        fifoGroup);
    QueueMessages.delete(sqs, queueUrl, List.of(m.receiptHandle()));
  }

  /**
   * Writes the message, untouched, with the headers as attributes, to the dead-letter queue, then
   * deletes it from the group's queue. A retry after a failed delete does not write it twice.
   *
   * @throws EventBusException if either step failed; the delivery is then still unsettled
   */
  void deadLetter(SqsDelivery d, Map<String, String> headers) {
    String dlq = deadLetterQueue.get();
    if (dlq == null) {
      throw new EventBusException(
          "Group queue " + queueUrl + " has no dead-letter queue; provision it or create it");
    }
    try {
      if (!d.deadLetterWritten) {
        QueueMessages.send(
            sqs,
            dlq,
            d.sqsMessage.body(),
            HeaderAttributes.write(headers),
            0,
            QueueMessages.fifoGroup(headers.get(DeadLetter.ID_HEADER)));
        d.deadLetterWritten = true;
      }
      QueueMessages.deleteOne(sqs, queueUrl, d.receiptHandle());
    } catch (SdkException e) {
      throw new EventBusException("Dead-lettering " + d + " to " + dlq + " failed", e);
    }
  }
}
