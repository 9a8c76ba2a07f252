package dev.eventbus.kafka.internal;

import dev.eventbus.EventBusException;
import dev.eventbus.spi.SecretRedaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a subscription's consumer is in contact with Kafka, which kafka-clients does not say: a
 * poll returns no records and no error while no broker can be reached. Looked at on the poll thread
 * once per {@link #CHECK_INTERVAL} (the hot path pays one clock reading per turn): the consumer has
 * lost Kafka when it held no connection to any broker at two checks in a row (the brokers went away
 * or refuse connections: lost within 3 s, two checks and a slow turn), or when Kafka answered it
 * nothing for {@link #UNANSWERED_LIMIT} (a broker that keeps the connection and stays silent: lost
 * within that and a {@link #LAG_INTERVAL}). It is in contact again at the first answer after that.
 *
 * <p>An answer is a poll that returned records, or the end offsets read every {@link #LAG_INTERVAL}
 * for the lag gauges (of partition 0 of the topic while the consumer owns no partition), which it
 * schedules for that reason.
 *
 * <p>It also keeps whether the poll loop throws, so that one place says why the subscription is
 * {@code FAILING}. Confined to the poll thread, but for the reasons, which any thread may read.
 */
final class BrokerContact {
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
  static final Duration LAG_INTERVAL = Duration.ofSeconds(2);
  static final Duration UNANSWERED_LIMIT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(BrokerContact.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

  private final Consumer<byte[], byte[]> consumer;
  private final LagGauges lagGauges;
  private final String topic;
  private final String group;
  private final Object owner;
  private Metric connections; // the consumer's connection-count, looked up until found
  private boolean answered;
  private long lastAnswerNanos;
  private long lastCheckNanos;
  private long lastLagNanos;
  private int unconnectedChecks;
  private long lastFailureLogNanos;
  private volatile String lost;
  private volatile String loopFailure;

  BrokerContact(
      Consumer<byte[], byte[]> consumer,
      LagGauges lagGauges,
      String topic,
      String group,
      Object owner) {
    this.consumer = consumer;
    this.lagGauges = lagGauges;
    this.topic = topic;
    this.group = group;
    this.owner = owner;
    long now = System.nanoTime();
    this.lastAnswerNanos = now;
    this.lastCheckNanos = now;
    this.lastLagNanos = now;
  }

  /** A poll returned records. */
  void fetched() {
    answered = true;
  }

  /** Reads the end offsets on the next turn (after an assignment: the lag of new partitions). */
  void measureSoon() {
    lastLagNanos = System.nanoTime() - LAG_INTERVAL.toNanos();
  }

  /**
   * Once per poll turn: reads the lag when it is due, and looks at the contact when that is due.
   *
   * @return whether {@link #lostReason()} changed
   */
  boolean onTurn(Map<TopicPartition, PartitionProgress> partitions) {
    long now = System.nanoTime();
    if (now - lastLagNanos >= LAG_INTERVAL.toNanos()) {
      lastLagNanos = now;
      if (partitions.isEmpty() ? probe() : lagGauges.measure(consumer, partitions, group, owner)) {
        answered = true;
      }
    }
    if (now - lastCheckNanos < CHECK_INTERVAL.toNanos()) {
      return false;
    }
    lastCheckNanos = now;
    return check(now);
  }

  /** A turn of the poll loop threw: failing until a poll returns. Logged at most every 30 s. */
  void loopFailed(KafkaException e, SecretRedaction redaction) {
    // Health shows the class only: a client's message may name hosts or principals.
    failed("consumer failing: " + e.getClass().getSimpleName(), e, redaction);
  }

  /** Making the member's topics or start offsets failed: failing until it joins and polls. */
  void setUpFailed(RuntimeException e, SecretRedaction redaction) {
    // The bus's own messages name the topic and the wait; a client's only shows its class.
    String why = e instanceof EventBusException ? redaction.redact(e.getMessage()) : "";
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String reason = why + (why.isEmpty() ? "" : ": ") + cause.getClass().getSimpleName();
    failed("cannot set up the consumer: " + reason, e, redaction);
  }

  private void failed(String reason, RuntimeException e, SecretRedaction redaction) {
    loopFailure = reason;
    long now = System.nanoTime();
    if (now - lastFailureLogNanos > TimeUnit.SECONDS.toNanos(30)) {
      lastFailureLogNanos = now;
      String why = redaction.redact(e.toString());
      log.warn("Consumer of {}/{} failing; retrying: {}", topic, group, why);
    }
  }

  /** A poll returned: the loop works. */
  void polled() {
    if (loopFailure != null) {
      loopFailure = null;
    }
  }

  /** Why the consumer is out of contact with Kafka, or null while it is in contact. */
  String lostReason() {
    return lost;
  }

  /** Why the subscription fails (its loop throws, or Kafka is out of reach), or null. */
  String failingReason() {
    String failure = loopFailure;
    return failure != null ? failure : lost;
  }

  private boolean check(long now) {
    boolean heard = answered;
    answered = false;
    if (heard) {
      lastAnswerNanos = now;
    }
    unconnectedChecks = openConnections() == 0 ? unconnectedChecks + 1 : 0;
    String was = lost;
    String why = null;
    if (unconnectedChecks >= 2) {
      why = "no connection to any Kafka broker";
    } else if (now - lastAnswerNanos >= UNANSWERED_LIMIT.toNanos()) {
      why =
          "no answer from Kafka for "
              + TimeUnit.NANOSECONDS.toSeconds(now - lastAnswerNanos)
              + " s";
    } else if (was != null && !heard) {
      why = was; // lost until Kafka answers again, not merely until a connection opens
    }
    if ((why == null) == (was == null)) {
      return false;
    }
    lost = why;
    if (why != null) {
      log.warn("Consumer of {}/{} lost Kafka: {}", topic, group, why);
    } else {
      log.info("Consumer of {}/{} is in contact with Kafka again", topic, group);
    }
    return true;
  }

  /** The consumer's open or opening connections, or -1 if its client does not say. */
  private double openConnections() {
    if (connections == null) {
      for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
        if (e.getKey().name().equals("connection-count")
            && e.getKey().group().equals("consumer-metrics")) {
          connections = e.getValue();
          break;
        }
      }
    }
    return connections != null && connections.metricValue() instanceof Number n
        ? n.doubleValue()
        : -1;
  }

  /** Whether Kafka answers an end-offset request for the topic's first partition. */
  private boolean probe() {
    try {
      consumer.endOffsets(List.of(new TopicPartition(topic, 0)), PROBE_TIMEOUT);
      return true;
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      return false;
    }
  }
}
