package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBusException;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.rabbitmq.QueueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names and declares what this adapter creates on RabbitMQ, all durable, as the mapping in {@code
 * docs/rabbitmq.md} lists it: exchange {@code T}, queues {@code T.G}, {@code T.G.dlq} and {@code
 * T.G.retry.<ms>}.
 *
 * <p>Declarations run on short-lived channels, so that a failed passive declaration (which closes
 * its channel) never disturbs consumers. Until the first connection is made ({@link #attach}), the
 * exchanges publishes need are remembered and declared on it, before anything is published; every
 * other call fails as retriable. Thread-safe.
 */
public final class Topology {
  private static final Logger log = LoggerFactory.getLogger(Topology.class);
  // A delay queue idle this long beyond its TTL is deleted; one in use is declared again (which
  // resets its idle timer) every DELAY_QUEUE_REDECLARE. AMQP TTLs are 32 bits of milliseconds.
  private static final Duration DELAY_QUEUE_IDLE = Duration.ofMinutes(10);
  private static final Duration DELAY_QUEUE_REDECLARE = Duration.ofMinutes(1);
  private static final long MAX_DELAY_MILLIS = 0xFFFF_FFFFL - DELAY_QUEUE_IDLE.toMillis() * 2;

  private static final int MAX_NAME_BYTES = 255;
  private static final int LONGEST_SUFFIX = ".retry.4294967295".length();
  private static final String RULE =
      "not empty, no control characters, a topic not starting with 'amq.', and at most "
          + (MAX_NAME_BYTES - LONGEST_SUFFIX)
          + " bytes of UTF-8 in '<topic>.<group>'";

  private final QueueType queueType;
  private final Supplier<String> notConnected;
  private final Map<String, Boolean> exchanges = new ConcurrentHashMap<>();
  private final Map<String, Long> delayQueues = new ConcurrentHashMap<>();
  private final Set<String> exchangesBeforeConnection = new LinkedHashSet<>();
  private volatile Connection connection;

  /** {@code notConnected} says why there is no connection yet, for the errors meanwhile. */
  Topology(QueueType queueType, Supplier<String> notConnected) {
    this.queueType = queueType;
    this.notConnected = notConnected;
  }

  /** Declares on this connection from now on, first the exchanges asked for without one. */
  void attach(Connection c) {
    List<String> asked;
    synchronized (this) {
      connection = c;
      asked = List.copyOf(exchangesBeforeConnection);
      exchangesBeforeConnection.clear();
    }
    for (String topic : asked) {
      try {
        declareExchange(topic);
      } catch (EventBusException e) {
        log.warn(
            "Declaring exchange '{}' failed; its next publish tries again: {}",
            topic,
            e.getMessage());
      }
    }
  }

  static String groupQueue(String topic, String group) {
    return topic + "." + group;
  }

  static String deadLetterQueue(String topic, String group) {
    return groupQueue(topic, group) + ".dlq";
  }

  /** The delay queue of a group for a bucket from {@link #delayBucket(Duration)}. */
  public static String delayQueue(String topic, String group, long bucketMillis) {
    return groupQueue(topic, group) + ".retry." + bucketMillis;
  }

  /**
   * Rounds a retry delay to one of four buckets per doubling (at most 12.5% off), so that a group
   * needs few delay queues however its backoff is jittered; 0 means no delay. Each queue has one
   * TTL, so a message never waits behind a longer-delayed one.
   */
  public static long delayBucket(Duration delay) {
    long ms = Math.min(Math.max(delay.toMillis(), 0), MAX_DELAY_MILLIS);
    if (ms < 4) {
      return ms;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(ms);
    long step = 1L << (exponent - 2);
    return Math.round((double) ms / step) * step;
  }

  /**
   * RabbitMQ's rule for names ({@code RULE}), the broker's {@code validateNames}: the longest queue
   * name made of them, {@code <topic>.<group>.retry.<ms>}, must fit RabbitMQ's 255 bytes.
   *
   * @throws ConfigurationException naming the name as given and the rule
   */
  public static void checkNames(String topic, String group) {
    if (topic.isEmpty() || hasControlCharacter(topic) || topic.startsWith("amq.")) {
      throw new ConfigurationException("topic", topic, "a RabbitMQ topic name: " + RULE);
    }
    if (group != null && (group.isEmpty() || hasControlCharacter(group))) {
      throw new ConfigurationException("group", group, "a RabbitMQ group name: " + RULE);
    }
    String name = group == null ? topic : groupQueue(topic, group);
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes + LONGEST_SUFFIX > MAX_NAME_BYTES) {
      String allowed =
          "names whose queue '%s' holds at most %d bytes of UTF-8 before the adapter's suffixes"
                  .formatted(name, MAX_NAME_BYTES - LONGEST_SUFFIX)
              + " (here %d): %s".formatted(bytes, RULE);
      throw group == null
          ? new ConfigurationException("topic", topic, allowed)
          : new ConfigurationException("group", group, allowed);
    }
  }

  private static boolean hasControlCharacter(String name) {
    return name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  /** Declares a topic's exchange once, until {@link #forgetExchanges()}. */
  void declareExchange(String topic) {
    if (exchanges.containsKey(topic)) {
      return;
    }
    synchronized (this) {
      if (connection == null) {
        exchangesBeforeConnection.add(topic); // the publish waits for the connection
        return;
      }
    }
    String what = "declare exchange '" + topic + "'";
    call(ch -> ch.exchangeDeclare(topic, BuiltinExchangeType.TOPIC, true), what);
    exchanges.put(topic, Boolean.TRUE);
  }

  /** Forgets which exchanges were declared, after the broker said one is missing. */
  void forgetExchanges() {
    exchanges.clear();
    delayQueues.clear();
  }

  /** Declares the topic's exchange, the group's queue bound to it, and its dead-letter queue. */
  void declareGroup(String topic, String group, boolean singleActiveConsumer) {
    declareExchange(topic);
    String dlq = deadLetterQueue(topic, group);
    // Always classic: dead letters are read by taking and requeueing them, and only a classic
    // queue puts a requeued message back where it was (a quorum queue appends it, and counts it
    // against its delivery limit).
    declareQueue(dlq, Map.of("x-queue-type", "classic"));
    String queue = groupQueue(topic, group);
    Map<String, Object> args = queueArguments();
    deadLetterTo(args, dlq);
    if (singleActiveConsumer) {
      args.put("x-single-active-consumer", true);
    }
    declareQueue(queue, args);
    call(ch -> ch.queueBind(queue, topic, "#"), "bind queue '" + queue + "'");
  }

  /** Declares the delay queue of a bucket above 0, unless done lately, and returns its name. */
  String declareDelayQueue(String topic, String group, long bucketMillis) {
    String queue = delayQueue(topic, group, bucketMillis);
    long now = System.nanoTime();
    Long last = delayQueues.get(queue);
    if (last != null && now - last < DELAY_QUEUE_REDECLARE.toNanos()) {
      return queue;
    }
    Map<String, Object> args = queueArguments();
    args.put("x-message-ttl", bucketMillis);
    args.put("x-expires", bucketMillis + DELAY_QUEUE_IDLE.toMillis());
    deadLetterTo(args, groupQueue(topic, group));
    declareQueue(queue, args);
    delayQueues.put(queue, now);
    return queue;
  }

  /**
   * Routes what the broker itself dead-letters (an expired retry; a message past a delivery limit
   * or a length policy) to a queue, through the default exchange; at-least-once on quorum queues.
   */
  private void deadLetterTo(Map<String, Object> args, String queue) {
    args.put("x-dead-letter-exchange", "");
    args.put("x-dead-letter-routing-key", queue);
    if (queueType == QueueType.QUORUM) {
      args.put("x-dead-letter-strategy", "at-least-once");
      args.put("x-overflow", "reject-publish");
    }
  }

  private void declareQueue(String queue, Map<String, Object> args) {
    call(ch -> ch.queueDeclare(queue, true, false, false, args), "declare queue '" + queue + "'");
  }

  private Map<String, Object> queueArguments() {
    Map<String, Object> args = new HashMap<>();
    args.put("x-queue-type", queueType == QueueType.QUORUM ? "quorum" : "classic");
    return args;
  }

  /** The ready messages of a queue, or -1 if it does not exist. */
  long messageCount(String queue) {
    String what = "count messages in queue '" + queue + "'";
    return call(ch -> (long) ch.queueDeclarePassive(queue).getMessageCount(), what, -1L);
  }

  /** Runs an operation on a fresh channel and closes it; {@code what} names it in a failure. */
  <T> T call(ChannelFunction<T> action, String what) {
    Connection c = connection;
    if (c == null) {
      throw new RetryableEventBusException("Cannot " + what + ": " + notConnected.get());
    }
    Channel ch = null;
    try {
      ch = Connections.openChannel(c);
      return action.apply(ch);
    } catch (IOException | RuntimeException e) {
      throw failure(what, e);
    } finally {
      Connections.closeQuietly(ch);
    }
  }

  /** As {@link #call(ChannelFunction, String)}, answering {@code whenMissing} on a 404. */
  <T> T call(ChannelFunction<T> action, String what, T whenMissing) {
    try {
      return call(action, what);
    } catch (EventBusException e) {
      if (isNotFound(e)) {
        return whenMissing;
      }
      throw e;
    }
  }

  /** Whether an exception from the client reports a missing queue or exchange (404 NOT_FOUND). */
  static boolean isNotFound(Throwable e) {
    ShutdownSignalException sse = shutdownSignal(e);
    return sse != null && sse.getMessage() != null && sse.getMessage().contains("NOT_FOUND");
  }

  private static ShutdownSignalException shutdownSignal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException sse) {
        return sse;
      }
    }
    return null;
  }

  private EventBusException failure(String what, Throwable e) {
    ShutdownSignalException sse = shutdownSignal(e);
    String reason = sse != null ? sse.getMessage() : e.toString();
    if (!connection.isOpen()) {
      return new RetryableEventBusException(
          "RabbitMQ failed to " + what + ": the connection is down, recovering: " + reason, e);
    }
    if (reason != null && reason.contains("PRECONDITION_FAILED")) {
      return new EventBusException(
          "RabbitMQ refused to "
              + what
              + ": it exists with other arguments (queue type, single active consumer) than this"
              + " broker's configuration; delete it or configure the broker to match. "
              + reason,
          e);
    }
    return new EventBusException("RabbitMQ failed to " + what + ": " + reason, e);
  }

  @FunctionalInterface
  interface ChannelFunction<T> {
    T apply(Channel ch) throws IOException;
  }
}
