package dev.eventbus.eventbridge.internal;

import static software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.SENT_TIMESTAMP;
import static software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.SEQUENCE_NUMBER;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dead letters of each group, kept in the group's SQS dead-letter queue ("Dead letters" in
 * docs/eventbridge.md). SQS has no browse: list and delete receive every message with a short
 * visibility timeout, so that one scan sees each once, and make them visible again; purge receives
 * and deletes until the queue is empty (PurgeQueue is allowed once a minute, and asynchronous). A
 * message that SQS's redrive policy moved has no dead-letter headers: it is listed with its event
 * id as dead-letter id and reason {@value #MOVED_BY_SQS}. Thread-safe.
 */
public final class SqsDeadLetterStore implements DeadLetterStore {
  public static final String MOVED_BY_SQS = "max-receive-count"; // the redrive policy's reason

  private static final int SCAN_VISIBILITY_SECONDS = 30;
  private static final int SCAN_LIMIT = 10_000;
  private static final QueueAttributeName VISIBLE =
      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES;
  private static final QueueAttributeName NOT_VISIBLE =
      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE;
  private static final QueueAttributeName DELAYED =
      QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED;
  private static final Comparator<Message> OLDEST_FIRST =
      Comparator.comparingLong(
              (Message m) -> SqsQueue.parsed(m.attributes().get(SENT_TIMESTAMP), Long::valueOf, 0L))
          .thenComparing(
              m ->
                  SqsQueue.parsed(
                      SqsQueue.headers(m).get(DeadLetter.LAST_FAILURE_HEADER),
                      Instant::parse,
                      Instant.EPOCH))
          .thenComparing(
              m -> String.format("%40s", m.attributes().getOrDefault(SEQUENCE_NUMBER, "")));

  private final Supplier<BrokerRuntime> runtime;

  public SqsDeadLetterStore(Supplier<BrokerRuntime> runtime) {
    this.runtime = runtime;
  }

  @Override
  public List<BrokerMessage> list(String topic, String group, int max) {
    SqsQueue dlq = max < 1 ? null : queue(topic, group);
    return dlq == null
        ? List.of()
        : scanning(dlq, all -> all.stream().limit(max).map(m -> read(topic, group, m)).toList());
  }

  @Override
  public long count(String topic, String group) {
    SqsQueue dlq = queue(topic, group);
    try {
      return dlq == null ? 0 : Math.max(0, dlq.count(VISIBLE, NOT_VISIBLE, DELAYED));
    } catch (SdkException e) {
      throw new EventBusException("Counting the dead letters of " + topic + "/" + group, e);
    }
  }

  @Override
  public boolean delete(String topic, String group, String deadLetterId) {
    SqsQueue dlq = queue(topic, group);
    return dlq != null
        && scanning(
            dlq,
            all -> {
              for (Message m : all) {
                if (deadLetterId.equals(
                    read(topic, group, m).headers().get(DeadLetter.ID_HEADER))) {
                  try {
                    dlq.deleteOne(m.receiptHandle());
                  } catch (SdkException e) {
                    throw new EventBusException(
                        "Deleting dead letter " + deadLetterId + " failed", e);
                  }
                  return all.remove(m); // true, and it is not released
                }
              }
              return false;
            });
  }

  @Override
  public long purge(String topic, String group) {
    SqsQueue dlq = queue(topic, group);
    long purged = 0;
    try {
      for (int empty = 0; dlq != null && empty < 2; ) {
        List<Message> batch = receive(dlq, empty == 0 ? 0 : 1);
        empty = batch.isEmpty() ? empty + 1 : 0;
        dlq.delete(SqsQueue.handles(batch));
        purged += batch.size();
      }
    } catch (SdkException e) {
      throw new EventBusException("Purging the dead letters of " + topic + "/" + group, e);
    }
    return purged;
  }

  private SqsQueue queue(String topic, String group) {
    BrokerRuntime r = runtime.get();
    try {
      return r.provisioner.queueIfExists(r.names.deadLetterQueueName(topic, group));
    } catch (SdkException e) {
      throw new EventBusException("Finding the dead-letter queue of " + topic + "/" + group, e);
    }
  }

  /** Applies an action to every visible message, oldest first; then releases those left in it. */
  private static <T> T scanning(SqsQueue dlq, Function<List<Message>, T> action) {
    List<Message> scanned = scan(dlq);
    scanned.sort(OLDEST_FIRST);
    try {
      return action.apply(scanned);
    } finally {
      dlq.release(SqsQueue.handles(scanned));
    }
  }

  /** Receives every visible message, hiding each for the scan; stops on an empty receive. */
  private static List<Message> scan(SqsQueue dlq) {
    List<Message> all = new ArrayList<>();
    try {
      long visible = dlq.count(VISIBLE);
      int empty = 0;
      while (all.size() < SCAN_LIMIT) {
        // short polls sample a subset of SQS's servers: a last long poll makes sure
        List<Message> got = receive(dlq, empty >= 2 ? 1 : 0);
        if (!got.isEmpty()) {
          all.addAll(got);
          empty = 0;
        } else if (all.size() >= visible || ++empty > 2) {
          break;
        }
      }
      return all;
    } catch (SdkException e) {
      dlq.release(SqsQueue.handles(all));
      throw new EventBusException("Reading dead-letter queue " + dlq.url() + " failed", e);
    }
  }

  /** Receives a batch, hidden for the scan, with what the order of dead letters is read from. */
  private static List<Message> receive(SqsQueue dlq, int waitSeconds) {
    return dlq.receive(
        SqsQueue.BATCH, waitSeconds, SCAN_VISIBILITY_SECONDS, SENT_TIMESTAMP, SEQUENCE_NUMBER);
  }

  private BrokerMessage read(String topic, String group, Message m) {
    BrokerMessage message = runtime.get().envelope.read(m.body(), SqsQueue.headers(m));
    if (message.headers().containsKey(DeadLetter.ID_HEADER)) {
      return message;
    }
    Map<String, String> moved = new LinkedHashMap<>();
    moved.put(DeadLetter.ID_HEADER, message.id() != null ? message.id() : m.messageId());
    moved.put(DeadLetter.TOPIC_HEADER, topic);
    moved.put(DeadLetter.GROUP_HEADER, group);
    moved.put(DeadLetter.REASON_HEADER, MOVED_BY_SQS);
    return message.withHeaders(moved);
  }
}
