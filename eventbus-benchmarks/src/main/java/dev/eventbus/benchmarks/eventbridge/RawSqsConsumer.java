package dev.eventbus.benchmarks.eventbridge;

import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The raw baseline: one thread that calls ReceiveMessage for up to 10 messages (1 s long poll) and
 * deletes each batch with one DeleteMessageBatch, with the AWS SDK v2 and nothing else, until it
 * has seen a number of messages. Bodies are not decoded. Not thread-safe.
 */
final class RawSqsConsumer {
  private RawSqsConsumer() {}

  /**
   * Consumes and deletes {@code count} messages.
   *
   * @param sqs the client
   * @param queueUrl the queue
   * @param count how many
   * @return messages per second
   */
  static double consume(SqsClient sqs, String queueUrl, int count) {
    long start = System.nanoTime();
    int seen = 0;
    int empty = 0;
    while (seen < count) {
      List<Message> got =
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      if (got.isEmpty()) {
        if (++empty > 30) {
          throw new IllegalStateException("raw consumer saw " + seen + " of " + count);
        }
        continue;
      }
      List<DeleteMessageBatchRequestEntry> deletes =
          got.stream()
              .map(
                  m ->
                      DeleteMessageBatchRequestEntry.builder()
                          .id(m.messageId())
                          .receiptHandle(m.receiptHandle())
                          .build())
              .collect(Collectors.toList());
      DeleteMessageBatchResponse response =
          sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
      if (!response.failed().isEmpty()) {
        throw new IllegalStateException("DeleteMessageBatch failed: " + response.failed());
      }
      seen += got.size();
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
