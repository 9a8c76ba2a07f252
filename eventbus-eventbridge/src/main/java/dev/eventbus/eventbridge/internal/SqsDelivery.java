package dev.eventbus.eventbridge.internal;

import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * One received SQS message as a {@link Delivery}. Settlement goes to the subscription, which does
 * it at most once and ignores it after close. Thread-safe.
 *
 * <p>The attempt number combines SQS's {@code ApproximateReceiveCount} with the {@value
 * Delivery#ATTEMPT_HEADER} header: {@code header - 1 + receiveCount}. A retry by visibility keeps
 * the message, so its receive count grows by one; a message re-sent with a delay (long retries,
 * redrive) starts a new count and carries the attempt in the header.
 */
final class SqsDelivery implements Delivery {
  private final SqsSubscription subscription;
  private final BrokerMessage message;
  private final int attempt;
  final Message sqsMessage;

  /** Headers that came as SQS message attributes (re-sent retries), to keep when re-sending. */
  final Map<String, String> sqsHeaders;

  final long receivedAt = System.nanoTime();

  /** When the heartbeat last extended the visibility; only the heartbeat writes it. */
  volatile long lastExtended = receivedAt;

  /** Whether the dead-letter queue has it: a retried dead-lettering only deletes it. */
  volatile boolean deadLetterWritten;

  SqsDelivery(
      SqsSubscription subscription,
      Message sqsMessage,
      BrokerMessage message,
      Map<String, String> sqsHeaders) {
    this.subscription = subscription;
    this.sqsMessage = sqsMessage;
    this.message = message;
    this.sqsHeaders = sqsHeaders;
    String receiveCount =
        sqsMessage.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    this.attempt =
        Math.max(1, count(message.headers().get(ATTEMPT_HEADER)) - 1 + count(receiveCount));
  }

  /** A count of at least 1; 1 when it is missing or unreadable. */
  private static int count(String value) {
    try {
      return value == null ? 1 : Math.max(1, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  @Override
  public BrokerMessage message() {
    return message;
  }

  @Override
  public String topic() {
    return subscription.spec.topic();
  }

  @Override
  public String group() {
    return subscription.spec.group();
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public void ack() {
    subscription.ack(this);
  }

  @Override
  public void retryLater(Duration delay, Map<String, String> headers) {
    subscription.retryLater(this, delay, headers);
  }

  @Override
  public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
    return subscription.deadLetter(this, headers);
  }

  String receiptHandle() {
    return sqsMessage.receiptHandle();
  }

  @Override
  public String toString() {
    return "SqsDelivery{"
        + message
        + ", sqsId="
        + sqsMessage.messageId()
        + ", attempt="
        + attempt
        + "}";
  }
}
