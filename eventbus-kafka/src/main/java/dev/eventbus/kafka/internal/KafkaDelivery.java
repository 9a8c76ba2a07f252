package dev.eventbus.kafka.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record handed to the core. Settled from any thread, once (the core guards that): {@link
 * #ack()} settles at once; {@link #retryLater} and {@link #deadLetter} first write the message to
 * the group's retry or dead-letter topic and settle only when Kafka acknowledged that write, so
 * that nothing is lost in between. The offset is committed later by the poll thread, once every
 * earlier offset of the partition is settled too.
 *
 * <p>A retry in place is kept with the entry ({@link #retryingInPlace}), for the poll thread to
 * commit as its offset's metadata; a record that the group's commit carried such a count for
 * reports it: its attempt, and its first failure in {@link Delivery#FIRST_FAILURE_HEADER}.
 */
final class KafkaDelivery implements Delivery {
  private static final Logger log = LoggerFactory.getLogger(KafkaDelivery.class);
  private static final Duration REDELIVERY_BACKOFF = Duration.ofSeconds(1);

  private final KafkaSubscription subscription;
  final PartitionProgress.Entry entry;
  // Mapped on first use, on a handler thread rather than the poll thread, then dropped: an
  // unmapped record's headers are slices of the fetched batch, which it would keep reachable. A
  // race maps it twice into equal messages; mapped is written before record is cleared.
  private volatile ConsumerRecord<byte[], byte[]> record;
  private volatile BrokerMessage mapped;

  /** A record as fetched, mapped when first asked for; or a message handed out again. */
  KafkaDelivery(
      KafkaSubscription subscription,
      PartitionProgress.Entry entry,
      ConsumerRecord<byte[], byte[]> record,
      BrokerMessage mapped) {
    this.subscription = subscription;
    this.entry = entry;
    this.record = record;
    this.mapped = mapped;
  }

  @Override
  public BrokerMessage message() {
    BrokerMessage m = mapped;
    if (m != null) {
      return m;
    }
    ConsumerRecord<byte[], byte[]> r = record;
    if (r == null) {
      return mapped; // another thread mapped it meanwhile
    }
    m = RecordMapping.fromRecord(r);
    PartitionProgress.RetriedInPlace kept = entry.carried;
    if (kept != null) {
      String first = Instant.ofEpochMilli(kept.firstFailureMillis).toString();
      m = m.withHeaders(Map.of(FIRST_FAILURE_HEADER, first));
    }
    mapped = m;
    record = null;
    return m;
  }

  @Override
  public String key() {
    ConsumerRecord<byte[], byte[]> r = record;
    return r != null ? RecordMapping.key(r) : message().key();
  }

  @Override
  public int attempt() {
    int attempt = Delivery.super.attempt();
    PartitionProgress.RetriedInPlace kept = entry.carried;
    return kept == null ? attempt : Math.max(attempt, kept.attempt);
  }

  @Override
  public void retryingInPlace(int nextAttempt, Instant firstFailure) {
    entry.retried =
        new PartitionProgress.RetriedInPlace(
            entry.offset, nextAttempt, firstFailure.toEpochMilli());
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
  public Map<String, String> traceAttributes() {
    return Map.of(
        "messaging.destination.partition.id",
        Integer.toString(entry.owner.partition.partition()),
        "messaging.kafka.offset",
        Long.toString(entry.offset));
  }

  @Override
  public void ack() {
    subscription.settled.push(entry);
  }

  @Override
  public void retryLater(Duration delay, Map<String, String> headers) {
    if (subscription.closing) {
      log.debug("Ignoring retryLater of {}: its subscription closed", message());
      return; // after close the original is redelivered, so nothing is written
    }
    BrokerMessage retried = message().withHeaders(headers);
    // Rounded up to the millisecond the header carries: a retry never comes earlier than asked.
    Instant at = subscription.clients.scheduler.now().plus(delay);
    long due = at.toEpochMilli() + (at.getNano() % 1_000_000 == 0 ? 0 : 1);
    CompletableFuture<Void> write;
    try {
      write =
          subscription.clients.publisher.send(
              subscription.retryTopic,
              subscription.spec.topic(),
              retried,
              Map.of(RecordMapping.DUE_HEADER, Long.toString(due)));
    } catch (RuntimeException e) {
      write = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> written = write;
    write.whenComplete(
        (ok, error) -> {
          if (error == null) {
            subscription.retryWrites.written(KafkaPublisher.partitionOf(written));
            subscription.settled.push(entry);
          } else {
            // Not written, so not settled: hand it to the core again rather than lose it.
            log.warn(
                "Writing {} to retry topic {} failed; redelivering it in {}",
                message(),
                subscription.retryTopic,
                REDELIVERY_BACKOFF,
                error);
            subscription.redeliverLater(
                new KafkaDelivery(subscription, entry, null, retried), REDELIVERY_BACKOFF);
          }
        });
  }

  @Override
  public CompletableFuture<Void> deadLetter(Map<String, String> headers) {
    if (subscription.closing) {
      return CompletableFuture.failedFuture(
          new EventBusException(
              "Subscription closed: "
                  + message()
                  + " was not dead-lettered and will be redelivered"));
    }
    BrokerMessage dead = message().withHeaders(headers);
    CompletableFuture<Void> write;
    try {
      String topic = Topics.deadLetterTopic(subscription.spec.topic(), subscription.spec.group());
      subscription.clients.topics.ensure(topic, Topics.Kind.DEAD_LETTER);
      write =
          subscription.clients.publisher.send(
              RecordMapping.toDeadLetterRecord(topic, dead, dlqKey()), message().id());
    } catch (RuntimeException e) {
      write = CompletableFuture.failedFuture(e);
    }
    return write.whenComplete(
        (ok, error) -> {
          if (error == null) {
            subscription.settled.push(entry);
          } // else not settled: the core may try again, or it is redelivered
        });
  }

  /** The record key in the compacted dead-letter topic: the event id, or where it came from. */
  private String dlqKey() {
    if (message().id() != null && !message().id().isEmpty()) {
      return message().id();
    }
    return "kafka:" + entry.owner.partition + "@" + entry.offset;
  }
}
