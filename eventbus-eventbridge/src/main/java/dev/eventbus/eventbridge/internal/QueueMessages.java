package dev.eventbus.eventbridge.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The SQS requests shared by consumers, dead letters and redrive: receives, sends that work on
 * standard and FIFO queues alike, batched deletes and visibility changes (10 per request), and
 * approximate counts. Thread-safe.
 */
final class QueueMessages {
  private static final Logger log = LoggerFactory.getLogger(QueueMessages.class);

  /** SQS's limit on entries per batch request. */
  static final int BATCH = 10;

  /** SQS's limit on a message's delivery delay, in seconds. */
  static final int MAX_DELAY_SECONDS = 900;

  private QueueMessages() {}

  /**
   * Sends a message with a delay of 0 to 900 seconds. On a FIFO queue it gets the given message
   * group and a fresh deduplication id (so that a redriven event is never dropped as a duplicate of
   * its first delivery), and no per-message delay, which FIFO queues do not support.
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

  /** Receives up to {@code max} messages with all their message attributes. */
  static List<Message> receive(
      SqsClient sqs,
      String queueUrl,
      int max,
      int waitSeconds,
      int visibilitySeconds,
      MessageSystemAttributeName... systemAttributes) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(queueUrl)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds(waitSeconds)
                    .visibilityTimeout(visibilitySeconds)
                    .messageSystemAttributeNames(systemAttributes)
                    .messageAttributeNames("All"))
        .messages();
  }

  /** Deletes one message; throws the SDK's exception if SQS refused. */
  static void deleteOne(SqsClient sqs, String queueUrl, String receiptHandle) {
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle));
  }

  /** A FIFO message group id from any text: printable ASCII, at most 128 characters. */
  static String fifoGroup(String text) {
    String clean = text == null || text.isEmpty() ? "eventbus" : text.replaceAll("[^!-~]", "_");
    return clean.length() <= 128 ? clean : clean.substring(0, 128);
  }

  /** Deletes messages; failures are logged (those messages will be delivered again). */
  static void delete(SqsClient sqs, String queueUrl, List<String> receiptHandles) {
    for (List<DeleteMessageBatchRequestEntry> entries :
        batches(
            receiptHandles,
            (id, handle) ->
                DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle(handle).build())) {
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
   * Sets the visibility timeout of messages to {@code seconds} from now; failures (a message
   * deleted or received again meanwhile) are logged at debug level.
   */
  static void changeVisibility(
      SqsClient sqs, String queueUrl, List<String> receiptHandles, int seconds) {
    for (List<ChangeMessageVisibilityBatchRequestEntry> entries :
        batches(
            receiptHandles,
            (id, handle) ->
                ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(id)
                    .receiptHandle(handle)
                    .visibilityTimeout(seconds)
                    .build())) {
      ChangeMessageVisibilityBatchResponse r =
          sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (r.hasFailed() && !r.failed().isEmpty()) {
        log.debug("SQS did not change the visibility of {} message(s): {}", r.failed().size(), r);
      }
    }
  }

  /** The sum of a queue's approximate counts that SQS returned; -1 if it returned none. */
  static long count(SqsClient sqs, String queueUrl, QueueAttributeName... counts) {
    Map<QueueAttributeName, String> found =
        sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(counts)).attributes();
    return found.isEmpty() ? -1 : found.values().stream().mapToLong(Long::parseLong).sum();
  }

  /** Batch entries for receipt handles, {@value #BATCH} a request, ids their place in it. */
  private static <E> List<List<E>> batches(
      List<String> receiptHandles, BiFunction<String, String, E> entry) {
    List<List<E>> batches = new ArrayList<>();
    for (int i = 0; i < receiptHandles.size(); i++) {
      if (i % BATCH == 0) {
        batches.add(new ArrayList<>(BATCH));
      }
      batches
          .get(batches.size() - 1)
          .add(entry.apply(Integer.toString(i % BATCH), receiptHandles.get(i)));
    }
    return batches;
  }
}
