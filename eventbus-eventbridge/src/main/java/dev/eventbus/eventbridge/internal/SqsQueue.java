package dev.eventbus.eventbridge.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * One SQS queue and the requests made of it. Headers sent straight to a queue (dead letters,
 * re-sent retries) become one {@code String} attribute each where SQS allows it, else one JSON
 * attribute {@value #ALL_HEADERS}; characters SQS refuses become U+FFFD. Immutable.
 */
record SqsQueue(SqsClient sqs, String url) {
  private static final Logger log = LoggerFactory.getLogger(SqsQueue.class);

  static final int BATCH = 10; // SQS's limit on entries per batch request
  static final int MAX_DELAY_SECONDS = 900; // SQS's limit on a message's delivery delay
  static final String ALL_HEADERS = "eventbus-headers";
  private static final int MAX_ATTRIBUTES = 10;
  // up to 256 of [A-Za-z0-9_.-], no leading, trailing or double dot, no aws. or amazon. prefix
  private static final Pattern NAME =
      Pattern.compile(
          "(?i)(?!aws\\.|amazon\\.)(?!.*\\.\\.)[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}(?<!\\.)");
  private static final ObjectMapper JSON = new ObjectMapper();

  boolean fifo() {
    return url.endsWith(".fifo");
  }

  /**
   * Sends a message delayed up to 900 s; on a FIFO queue, which has no per-message delay, in the
   * given group with a fresh deduplication id, so that a redrive is not taken for a duplicate.
   */
  void send(String body, Map<String, String> headers, int delaySeconds, String fifoGroup) {
    SendMessageRequest.Builder b = SendMessageRequest.builder().queueUrl(url).messageBody(body);
    if (!headers.isEmpty()) {
      b.messageAttributes(attributes(headers));
    }
    if (fifo()) {
      b.messageGroupId(fifoGroup).messageDeduplicationId(UUID.randomUUID().toString());
    } else if (delaySeconds > 0) {
      b.delaySeconds(Math.min(delaySeconds, MAX_DELAY_SECONDS));
    }
    sqs.sendMessage(b.build());
  }

  /** Receives up to {@code max} messages with their message attributes and the named ones. */
  List<Message> receive(
      int max, int waitSeconds, int visibilitySeconds, MessageSystemAttributeName... system) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds(waitSeconds)
                    .visibilityTimeout(visibilitySeconds)
                    .messageSystemAttributeNames(system)
                    .messageAttributeNames("All"))
        .messages();
  }

  /**
   * A FIFO message group id from any text: printable ASCII, at most 100 characters, the shorter of
   * what a rule target and SQS allow. A group's is static, as EventBridge targets cannot vary it.
   */
  static String fifoGroup(String text) {
    String clean = text == null || text.isEmpty() ? "eventbus" : text.replaceAll("[^!-~]", "_");
    return clean.length() <= 100 ? clean : clean.substring(0, 100);
  }

  /** Deletes one message; throws if SQS refused. */
  void deleteOne(String receiptHandle) {
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(receiptHandle));
  }

  /** Deletes messages; failures are logged (those messages will be delivered again). */
  void delete(List<String> receiptHandles) {
    for (List<DeleteMessageBatchRequestEntry> entries :
        batches(
            receiptHandles,
            (id, handle) ->
                DeleteMessageBatchRequestEntry.builder().id(id).receiptHandle(handle).build())) {
      DeleteMessageBatchResponse r = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
      if (r.hasFailed() && !r.failed().isEmpty()) {
        log.warn("{} message(s) not deleted from {}: {}", r.failed().size(), url, r.failed());
      }
    }
  }

  /** Makes messages visible {@code seconds} from now; failures are logged, never thrown. */
  void changeVisibility(List<String> receiptHandles, int seconds) {
    try {
      for (List<ChangeMessageVisibilityBatchRequestEntry> entries :
          batches(
              receiptHandles,
              (id, handle) ->
                  ChangeMessageVisibilityBatchRequestEntry.builder()
                      .id(id)
                      .receiptHandle(handle)
                      .visibilityTimeout(seconds)
                      .build())) {
        var r = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
        if (r.hasFailed() && !r.failed().isEmpty()) {
          log.debug("SQS did not change the visibility of {} message(s): {}", r.failed().size(), r);
        }
      }
    } catch (SdkException | IllegalStateException e) {
      log.warn("Changing the visibility of {} message(s) failed", receiptHandles.size(), e);
    }
  }

  /** Makes messages visible again at once; if SQS fails, they reappear after their timeout. */
  void release(List<String> receiptHandles) {
    changeVisibility(receiptHandles, 0);
  }

  /** The sum of a queue's approximate counts that SQS returned; -1 if it returned none. */
  long count(QueueAttributeName... counts) {
    Map<QueueAttributeName, String> found =
        sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(counts)).attributes();
    return found.isEmpty() ? -1 : found.values().stream().mapToLong(Long::parseLong).sum();
  }

  String arn() {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  static List<String> handles(List<Message> messages) {
    return messages.stream().map(Message::receiptHandle).toList();
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

  /**
   * A failed AWS call in one sentence, for health: the operation and the service's error code, or
   * the SDK's message when no answer came (its messages name hosts and causes, never credentials).
   */
  static String reason(String operation, Throwable failure) {
    Throwable e = failure;
    while (!(e instanceof SdkException) && e.getCause() != null) {
      e = e.getCause(); // the SDK's, under the EventBusException that wraps it
    }
    String why =
        e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
            ? ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + ")"
            : Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    return operation + " failed: " + why;
  }

  /** An attribute or header value parsed, or {@code otherwise} when missing or unreadable. */
  static <T> T parsed(String value, Function<String, T> parse, T otherwise) {
    try {
      return value == null ? otherwise : parse.apply(value);
    } catch (RuntimeException e) {
      return otherwise;
    }
  }

  /** A received message's string attributes as headers, {@value #ALL_HEADERS} unpacked. */
  static Map<String, String> headers(Message m) {
    if (m.messageAttributes().isEmpty()) {
      return Map.of(); // what EventBridge delivers
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
      String value = a.getValue().stringValue();
      if (value != null && !a.getKey().equals(ALL_HEADERS)) {
        headers.put(a.getKey(), value);
      } else if (value != null) {
        try {
          Map<?, ?> all = JSON.readValue(value, Map.class);
          all.forEach(
              (k, v) -> {
                if (v instanceof String text) {
                  headers.put((String) k, text);
                }
              });
        } catch (JsonProcessingException | RuntimeException e) {
          // not ours: no headers in it
        }
      }
    }
    return headers;
  }

  private static Map<String, MessageAttributeValue> attributes(Map<String, String> headers) {
    Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
    try {
      if (!fitsOneEach(headers)) {
        return Map.of(ALL_HEADERS, string(JSON.writeValueAsString(headers)));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a map of strings always serializes
    }
    headers.forEach((k, v) -> out.put(k, string(v)));
    return out;
  }

  private static boolean fitsOneEach(Map<String, String> headers) {
    return headers.size() <= MAX_ATTRIBUTES
        && headers.entrySet().stream()
            .allMatch(
                h ->
                    h.getValue() != null
                        && !h.getValue().isEmpty()
                        && !h.getKey().equals(ALL_HEADERS)
                        && NAME.matcher(h.getKey()).matches());
  }

  /** A String attribute; characters outside what SQS accepts become U+FFFD. */
  private static MessageAttributeValue string(String value) {
    StringBuilder clean = new StringBuilder(value.length());
    value.codePoints().forEach(c -> clean.appendCodePoint(allowed(c) ? c : 0xFFFD));
    return MessageAttributeValue.builder().dataType("String").stringValue(clean.toString()).build();
  }

  /** What SQS accepts: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF. */
  private static boolean allowed(int c) {
    return c < 0x20
        ? c == 0x9 || c == 0xA || c == 0xD
        : c <= 0xD7FF || (c >= 0xE000 && c < 0xFFFE) || c > 0xFFFF;
  }
}
