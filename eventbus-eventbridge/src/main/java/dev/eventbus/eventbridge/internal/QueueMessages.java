package dev.eventbus.eventbridge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The SQS writes shared by consumers, dead letters and redrive: sends that work on standard and
 * FIFO queues alike, and batched deletes and visibility changes (10 per request). Thread-safe.
 */
final class QueueMessages {
  private static final Logger log = LoggerFactory.getLogger(QueueMessages.class);

  /** SQS's limit on entries per batch request. */
  static final int BATCH = 10;

  /** SQS's limit on a message's delivery delay, in seconds. */
  static final int MAX_DELAY_SECONDS = 900;

  private QueueMessages() {}

  /**
   * Sends a message. On a FIFO queue it gets the given message group and a fresh deduplication id
   * (so that a redriven event is never dropped as a duplicate of its first delivery), and no
   * per-message delay, which FIFO queues do not support.
   *
   * @param sqs the client
   * @param queueUrl the queue
   * @param body the body
   * @param attributes message attributes
   * @param delaySeconds 0 to 900
   * @param fifoGroup the message group on a FIFO queue
   */
  static void send(
      SqsClient sqs,
      String queueUrl,
      String body,
      Map<String, MessageAttributeValue> attributes,
      int delaySeconds,
      String fifoGroup) {
    SendMessageRequest.Builder b =
        SendMessageRequest.builder().queueUrl(queueUrl).messageBody(body);
    if (!attributes.isEmpty()) {
      b.messageAttributes(attributes);
    }
    if (queueUrl.endsWith(".fifo")) {
      b.messageGroupId(fifoGroup).messageDeduplicationId(UUID.randomUUID().toString());
    } else if (delaySeconds > 0) {
      b.delaySeconds(Math.min(delaySeconds, MAX_DELAY_SECONDS));
    }
    sqs.sendMessage(b.build());
  }

  /**
   * Deletes one message.
   *
   * @param sqs the client
   * @param queueUrl the queue
   * @param receiptHandle its receipt handle
   * @throws software.amazon.awssdk.core.exception.SdkException if SQS refused
   */
  static void deleteOne(SqsClient sqs, String queueUrl, String receiptHandle) {
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle));
  }

  /**
   * A FIFO message group id from any text: printable ASCII, at most 128 characters.
   *
   * @param text the text
   * @return the group id
   */
  static String fifoGroup(String text) {
    String clean = text == null || text.isEmpty() ? "eventbus" : text.replaceAll("[^!-~]", "_");
    return clean.length() <= 128 ? clean : clean.substring(0, 128);
  }

  /**
   * Deletes messages, 10 per request; failures are logged (those messages will be delivered again).
   *
   * @param sqs the client
   * @param queueUrl the queue
   * @param receiptHandles the receipt handles
   */
  static void delete(SqsClient sqs, String queueUrl, List<String> receiptHandles) {
    for (List<String> chunk : chunks(receiptHandles)) {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(chunk.get(i))
                .build());
      }
      DeleteMessageBatchResponse r =
          sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (r.hasFailed() && !r.failed().isEmpty()) {
        log.warn(
            "SQS did not delete {} message(s) from {}; they will be delivered again: {}",
            r.failed().size(),
            queueUrl,
            r.failed());
      }
    }
  }

  /**
   * Sets the visibility timeout of messages, 10 per request; failures (a message deleted or
   * received again meanwhile) are logged at debug level.
   *
   * @param sqs the client
   * @param queueUrl the queue
   * @param receiptHandles the receipt handles
   * @param seconds the new visibility timeout, from now
   */
  static void changeVisibility(
      SqsClient sqs, String queueUrl, List<String> receiptHandles, int seconds) {
    for (List<String> chunk : chunks(receiptHandles)) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(chunk.size());
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(
            ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(chunk.get(i))
                .visibilityTimeout(seconds)
                .build());
      }
      ChangeMessageVisibilityBatchResponse r =
          sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (r.hasFailed() && !r.failed().isEmpty()) {
        log.debug("SQS did not change the visibility of {} message(s): {}", r.failed().size(), r);
      }
    }
  }

  /**
   * The sum of approximate counts of a queue.
   *
   * @return the sum of those SQS returned, -1 if it returned none
   */
  static long count(SqsClient sqs, String queueUrl, QueueAttributeName... counts) {
    Map<QueueAttributeName, String> found =
        sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(counts)).attributes();
    return found.isEmpty() ? -1 : found.values().stream().mapToLong(Long::parseLong).sum();
  }

  private static List<List<String>> chunks(List<String> all) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      chunks.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return chunks;
  }
}
