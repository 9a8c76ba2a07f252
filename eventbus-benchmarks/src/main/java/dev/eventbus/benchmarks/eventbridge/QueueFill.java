package dev.eventbus.benchmarks.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Fills SQS queues directly with copies of one EventBridge → SQS message body, each with fresh
 * event ids, so that a consume measurement does not depend on the EventBridge endpoint. The body is
 * captured once from a real delivery of the adapter's own publish. Not thread-safe.
 */
final class QueueFill {
  private final ObjectMapper json = new ObjectMapper();
  private final SqsClient sqs;
  private final String template;
  private final String eventBridgeId;
  private final String eventId;

  private QueueFill(SqsClient sqs, String template) {
    this.sqs = sqs;
    this.template = template;
    try {
      JsonNode body = json.readTree(template);
      this.eventBridgeId = body.path("id").asText();
      this.eventId = body.path("detail").path("eventbus").path("id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (eventBridgeId.isEmpty() || eventId.isEmpty()) {
      throw new IllegalStateException("not an EventBridge -> SQS body of the adapter: " + template);
    }
  }

  /**
   * Takes the one message waiting in a queue as the template, and deletes it.
   *
   * @param sqs the client
   * @param queueUrl a queue holding exactly the message the adapter published
   * @return the filler
   */
  static QueueFill capture(SqsClient sqs, String queueUrl) {
    for (int attempt = 0; attempt < 10; attempt++) {
      List<Message> got =
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1))
              .messages();
      if (!got.isEmpty()) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(got.get(0).receiptHandle()));
        return new QueueFill(sqs, got.get(0).body());
      }
    }
    throw new IllegalStateException("the published template message did not reach " + queueUrl);
  }

  /** The size of the body in characters. */
  int bodyLength() {
    return template.length();
  }

  /**
   * Sends {@code count} copies with SendMessageBatch, 10 per request.
   *
   * @param queueUrl the queue
   * @param count how many
   */
  void fill(String queueUrl, int count) {
    for (int sent = 0; sent < count; ) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
      for (int i = 0; i < 10 && sent + i < count; i++) {
        String body =
            template
                .replace(eventId, UUID.randomUUID().toString())
                .replace(eventBridgeId, UUID.randomUUID().toString());
        entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(body).build());
      }
      SendMessageBatchResponse response =
          sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (!response.failed().isEmpty()) {
        throw new IllegalStateException("SendMessageBatch failed: " + response.failed());
      }
      sent += entries.size();
    }
  }
}
