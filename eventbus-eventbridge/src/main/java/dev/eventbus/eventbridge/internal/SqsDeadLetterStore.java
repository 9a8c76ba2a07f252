package dev.eventbus.eventbridge.internal;

import dev.eventbus.DeadLetter;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dead letters of each group, kept in the group's SQS dead-letter queue.
 *
 * <p>SQS has no browse: listing receives every message of the queue with a short visibility timeout
 * (so that one scan sees each message once), sorts them by the time they were sent, and makes them
 * visible again; meanwhile another process listing the same queue sees fewer. Delete by id scans
 * the same way and deletes the match. Count is SQS's approximate count of visible, in-flight and
 * delayed messages. Purge receives and deletes until the queue is empty (not PurgeQueue, which SQS
 * allows once a minute and completes asynchronously).
 *
 * <p>A message that SQS moved here by itself (the redrive policy, after {@code
 * deadLetterMaxReceiveCount} receives) has no dead-letter headers; it is listed with its event id
 * (or SQS message id) as dead-letter id and reason {@value #MOVED_BY_SQS}. Thread-safe.
 */
public final class SqsDeadLetterStore implements DeadLetterStore {
  /** The reason shown for messages that SQS's redrive policy moved. */
  public static final String MOVED_BY_SQS = "max-receive-count";

  private static final int SCAN_VISIBILITY_SECONDS = 30;
  private static final int SCAN_LIMIT = 10_000;

  private final Supplier<BrokerRuntime> runtime;

  /**
   * Creates the store.
   *
   * @param runtime the started broker's runtime
   */
  public SqsDeadLetterStore(Supplier<BrokerRuntime> runtime) {
    this.runtime = runtime;
  }

  @Override
  public List<BrokerMessage> list(String topic, String group, int max) {
    SqsQueue dlq = queue(topic, group);
    if (dlq == null || max < 1) {
      return List.of();
    }
    List<Message> scanned = scan(dlq);
    try {
      return oldestFirst(scanned).stream().limit(max).map(m -> read(topic, group, m)).toList();
    } finally {
      restore(dlq, scanned);
    }
  }

  @Override
  public long count(String topic, String group) {
    SqsQueue dlq = queue(topic, group);
    if (dlq == null) {
      return 0;
    }
    try {
      return Math.max(
          0,
          dlq.count(
              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    } catch (SdkException e) {
      throw new EventBusException("Counting the dead letters of " + topic + "/" + group, e);
    }
  }

  @Override
  public boolean delete(String topic, String group, String deadLetterId) {
    SqsQueue dlq = queue(topic, group);
    if (dlq == null) {
      return false;
    }
    List<Message> scanned = scan(dlq);
    try {
      for (Message m : oldestFirst(scanned)) {
        if (deadLetterId.equals(read(topic, group, m).headers().get(DeadLetter.ID_HEADER))) {
          dlq.deleteOne(m.receiptHandle());
          scanned.remove(m);
          return true;
        }
      }
      return false;
    } catch (SdkException e) {
      throw new EventBusException("Deleting dead letter " + deadLetterId + " failed", e);
    } finally {
      restore(dlq, scanned);
    }
  }

  @Override
  public long purge(String topic, String group) {
    SqsQueue dlq = queue(topic, group);
    if (dlq == null) {
      return 0;
    }
    long purged = 0;
    try {
      int empty = 0;
      while (empty < 2) {
        List<Message> batch = receive(dlq, empty == 0 ? 0 : 1);
        if (batch.isEmpty()) {
          empty++;
          continue;
        }
        empty = 0;
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

  /** Receives every visible message, hiding each for the scan; stops on an empty receive. */
  private List<Message> scan(SqsQueue dlq) {
    List<Message> all = new ArrayList<>();
    try {
      long visible = dlq.count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
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
      restore(dlq, all);
      throw new EventBusException("Reading dead-letter queue " + dlq.url() + " failed", e);
    }
  }

  private static List<Message> receive(SqsQueue dlq, int waitSeconds) {
    return dlq.receive(
        SqsQueue.BATCH,
        waitSeconds,
        SCAN_VISIBILITY_SECONDS,
        MessageSystemAttributeName.SENT_TIMESTAMP,
        MessageSystemAttributeName.SEQUENCE_NUMBER);
  }

  private static void restore(SqsQueue dlq, List<Message> scanned) {
    dlq.release(SqsQueue.handles(scanned));
  }

  private static List<Message> oldestFirst(List<Message> messages) {
    List<Message> sorted = new ArrayList<>(messages);
    sorted.sort(
        Comparator.comparingLong(SqsDeadLetterStore::sentAt)
            .thenComparing(SqsDeadLetterStore::lastFailure)
            .thenComparing(m -> sequence(m)));
    return sorted;
  }

  private static long sentAt(Message m) {
    String v = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    try {
      return v == null ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Instant lastFailure(Message m) {
    String v = SqsQueue.headers(m).get(DeadLetter.LAST_FAILURE_HEADER);
    try {
      return v == null ? Instant.EPOCH : Instant.parse(v);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static String sequence(Message m) {
    String v = m.attributes().get(MessageSystemAttributeName.SEQUENCE_NUMBER);
    return v == null ? "" : String.format("%40s", v);
  }

  private BrokerMessage read(String topic, String group, Message m) {
    Map<String, String> headers = SqsQueue.headers(m);
    BrokerMessage message = runtime.get().envelope.read(m.body(), headers);
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
