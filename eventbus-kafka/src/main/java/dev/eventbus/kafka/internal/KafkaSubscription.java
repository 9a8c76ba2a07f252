package dev.eventbus.kafka.internal;

import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.spi.Scheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a topic and the group's retry topic for one group member, on a poll thread of its own
 * that owns the {@link Consumer}. The poll thread never waits for handlers: it hands records to the
 * core's listener in partition order while fewer than {@link ConsumerSpec#maxInFlight()} deliveries
 * are unsettled, and keeps polling, so {@code max.poll.interval.ms} is never exceeded by slow
 * handlers. It commits, per partition, the end of the contiguous settled prefix.
 *
 * <p>Partitions are paused while the subscription is full and while records of theirs wait to be
 * handed out (retry-topic partitions until their head record is due). A retry-topic partition is
 * also paused while it is not known to hold records beyond those fetched: the consumer sends one
 * fetch at a time per broker, and a fetch of only empty partitions waits {@code fetch.max.wait.ms}
 * (500 ms) at the broker, holding back the topic's partitions that have records; with an empty
 * retry topic that happened whenever the topic's own partitions were paused. It learns that a retry
 * partition has records from this process's own retry writes and redrives at once, and from the end
 * offsets read with the lag (every 2 s) for writes of other members.
 *
 * <p>Other threads only push settlements and wake the poll thread; every other piece of state is
 * confined to it. A settlement wakes the poll thread only when the subscription is full and a
 * quarter of {@code maxInFlight} has settled: waking it per settlement made it turn through Kafka's
 * poll for one or two records at a time.
 */
public final class KafkaSubscription implements BrokerSubscription {
  private static final Logger log = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final long FAILURE_BACKOFF_MS = 1000;
  private static final long LAG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final Duration LAG_TIMEOUT = Duration.ofMillis(500);
  private static final int NEVER = Integer.MAX_VALUE;
  // The head of a stack of settled entries (pushed by any thread, taken whole by the poll thread).
  private static final VarHandle SETTLED;

  static {
    try {
      SETTLED =
          MethodHandles.lookup()
              .findVarHandle(KafkaSubscription.class, "settledHead", PartitionProgress.Entry.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ConsumerSpec spec;
  private final DeliveryListener listener;
  private final SubscriptionResources resources;
  private final String retryTopic;
  private final String deadLetterTopic;
  private final Consumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
  private final OffsetCommits commits;
  private final Queue<KafkaDelivery> redeliveries = new ConcurrentLinkedQueue<>();
  private final CountDownLatch closeRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  // Retry partitions this process wrote to (bit = partition number; bit 63 for any beyond 62).
  private final AtomicLong retryWrites = new AtomicLong();
  private final int wakeBatch;

  @SuppressWarnings("unused") // through SETTLED
  private volatile PartitionProgress.Entry settledHead;

  // The stack depth at which the settling thread wakes the poll thread; NEVER outside poll().
  private volatile int wakeAtDepth = NEVER;
  private volatile boolean stopFetching;
  private volatile boolean closing;
  private boolean committedForShutdown;
  private volatile SubscriptionState state = SubscriptionState.STARTING;
  private int inFlight;
  private boolean assigned;
  private long lastLagNanos = System.nanoTime();
  private long lastFailureLogNanos;

  /**
   * Creates a member; {@link #start()} begins consuming.
   *
   * @param spec what to consume
   * @param listener the core
   * @param consumer a new consumer in the group, used only by this subscription's thread
   * @param resources the broker's shared producer, topics, scheduler and lag gauges
   */
  public KafkaSubscription(
      ConsumerSpec spec,
      DeliveryListener listener,
      Consumer<byte[], byte[]> consumer,
      SubscriptionResources resources) {
    this.spec = spec;
    this.listener = listener;
    this.consumer = consumer;
    this.resources = resources;
    this.retryTopic = Topics.retryTopic(spec.topic(), spec.group());
    this.deadLetterTopic = Topics.deadLetterTopic(spec.topic(), spec.group());
    this.commits =
        new OffsetCommits(consumer, partitions, resources.commitInterval(), spec.group());
    this.wakeBatch = Math.max(1, spec.maxInFlight() / 4);
    this.thread = new Thread(this::run, "eventbus-kafka-" + spec.topic() + "-" + spec.group());
    thread.setDaemon(true);
  }

  /** Starts the poll thread. */
  public void start() {
    thread.start();
  }

  String topic() {
    return spec.topic();
  }

  String group() {
    return spec.group();
  }

  String retryTopic() {
    return retryTopic;
  }

  String deadLetterTopic() {
    return deadLetterTopic;
  }

  KafkaPublisher publisher() {
    return resources.publisher();
  }

  Topics topics() {
    return resources.topics();
  }

  Scheduler scheduler() {
    return resources.scheduler();
  }

  /** Whether close began: settling this subscription's deliveries no longer has an effect. */
  boolean closed() {
    return closing;
  }

  /**
   * A delivery was settled (from any thread, once per entry: a delivery settles once, and the
   * delivery that replaces one whose retry write failed never had it settled); the poll thread
   * records it.
   */
  void settled(PartitionProgress.Entry entry) {
    if (entry.settledDepth != 0) {
      return; // pushed already: a second push would make the stack a cycle
    }
    PartitionProgress.Entry head;
    do {
      head = settledHead;
      entry.nextSettled = head;
      entry.settledDepth = head == null ? 1 : head.settledDepth + 1;
    } while (!SETTLED.compareAndSet(this, head, entry));
    if (entry.settledDepth == wakeAtDepth) {
      wakeup(); // exactly one settlement reaches the depth
    }
  }

  /**
   * A record was acknowledged in a partition of this group's retry topic (from any thread).
   *
   * @param partition the partition, or -1 if unknown
   */
  void retryWritten(int partition) {
    long bit = retryBit(partition);
    if ((retryWrites.get() & bit) != bit) {
      retryWrites.getAndUpdate(bits -> bits | bit);
    }
  }

  private static long retryBit(int partition) {
    return partition < 0 ? -1L : 1L << Math.min(partition, 63);
  }

  /** Hands a delivery to the core again after a delay, if its partition is still ours then. */
  void redeliverLater(KafkaDelivery delivery, Duration delay) {
    resources
        .scheduler()
        .schedule(
            delay,
            () -> {
              redeliveries.add(delivery);
              wakeup();
            });
  }

  @Override
  public void stopFetching() {
    stopFetching = true;
    wakeup();
  }

  @Override
  public void close() {
    stopFetching = true;
    closing = true;
    closeRequested.countDown();
    wakeup();
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        if (!stopped.await(
            OffsetCommits.COMMIT_TIMEOUT.plus(CLOSE_TIMEOUT).toSeconds() + 5, TimeUnit.SECONDS)) {
          log.warn("Consumer of {}/{} did not stop in time", spec.topic(), spec.group());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    state = SubscriptionState.STOPPED;
  }

  @Override
  public SubscriptionState state() {
    return state;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(spec.topic(), retryTopic), new Rebalance());
      while (!closing) {
        loopOnce();
      }
    } catch (RuntimeException | Error e) {
      log.error("Consumer loop of {}/{} stopped unexpectedly", spec.topic(), spec.group(), e);
    } finally {
      shutdown();
    }
  }

  private void loopOnce() {
    try {
      applySettlements();
      redeliver();
      if (!stopFetching) {
        dispatch();
      }
      updatePauses();
      commits.maybeCommitAsync();
      maybeUpdateLag();
      poll();
    } catch (WakeupException e) {
      // woken up to settle, redeliver or close
    } catch (KafkaException e) {
      failing(e);
    }
  }

  /**
   * Polls; settlements wake it only when the subscription is full (they make room then), in
   * batches. Otherwise they wait for the next turn, which comes by the commit interval.
   */
  private void poll() {
    int wakeAt = inFlight >= spec.maxInFlight() ? wakeBatch : NEVER;
    wakeAtDepth = wakeAt; // before timeout() reads the depth: a settlement sees one or the other
    try {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout(wakeAt));
      for (TopicPartition tp : records.partitions()) {
        PartitionProgress p = partitions.get(tp);
        if (p != null) {
          p.buffer(records.records(tp));
          if (p.retryTopic) {
            OptionalLong lag = consumer.currentLag(tp);
            p.retryRecordsAhead(lag.isEmpty() || lag.getAsLong() > 0);
          }
        }
      }
      if (assigned && state == SubscriptionState.FAILING) {
        state = SubscriptionState.RUNNING;
      }
    } finally {
      wakeAtDepth = NEVER;
    }
  }

  private Duration timeout(int wakeAt) {
    PartitionProgress.Entry head = settledHead;
    if (!redeliveries.isEmpty() || (head != null && head.settledDepth >= wakeAt)) {
      return Duration.ZERO;
    }
    if (head != null || commits.hasPending()) {
      long untilDue = commits.nanosUntilDue();
      if (untilDue < POLL_TIMEOUT.toNanos()) {
        return Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(untilDue + 999_999));
      }
    }
    return POLL_TIMEOUT;
  }

  private void applySettlements() {
    PartitionProgress.Entry e = (PartitionProgress.Entry) SETTLED.getAndSet(this, null);
    while (e != null) {
      PartitionProgress.Entry next = e.nextSettled;
      e.nextSettled = null;
      e.settledDepth = -1; // taken: settled for good
      if (e.release()) {
        inFlight--;
      }
      if (!e.owner().revoked()) {
        e.owner().settle(e);
      }
      e = next;
    }
  }

  private void redeliver() {
    KafkaDelivery d;
    while ((d = redeliveries.poll()) != null) {
      if (d.entry().owner().revoked() || stopFetching) {
        if (d.entry().release()) {
          inFlight--; // left unsettled: redelivered by Kafka after a restart or rebalance
        }
      } else {
        handOut(d);
      }
    }
  }

  /**
   * Hands buffered records to the core while there is room, the partitions taking turns, each an
   * equal share of the room per turn.
   */
  private void dispatch() {
    long now = -1;
    int max = spec.maxInFlight();
    boolean delivered = true;
    while (delivered && inFlight < max) {
      delivered = false;
      int share = Math.max(1, (max - inFlight) / Math.max(1, partitions.size()));
      for (PartitionProgress p : partitions.values()) {
        for (int i = 0; i < share && inFlight < max; i++) {
          ConsumerRecord<byte[], byte[]> r = p.peekBuffered();
          if (r == null) {
            break;
          }
          if (p.retryTopic) {
            long due = RecordMapping.longHeader(r, RecordMapping.DUE_HEADER, 0);
            now = now < 0 ? resources.scheduler().now().toEpochMilli() : now;
            if (due > now) {
              armTimer(p, due, due - now);
              break;
            }
          }
          p.removeBuffered();
          inFlight++;
          PartitionProgress.Entry entry = p.track(r.offset());
          handOut(new KafkaDelivery(this, entry, r));
          delivered = true;
        }
      }
    }
  }

  private void handOut(KafkaDelivery delivery) {
    try {
      listener.onDelivery(delivery);
    } catch (RuntimeException e) {
      log.error("Listener of {}/{} refused {}", spec.topic(), spec.group(), delivery.message(), e);
      redeliverLater(delivery, Duration.ofSeconds(1));
    }
  }

  private void armTimer(PartitionProgress p, long due, long delayMillis) {
    if (!p.timerArmedFor(due)) {
      p.armTimer(due, resources.scheduler().schedule(Duration.ofMillis(delayMillis), this::wakeup));
    }
  }

  /**
   * A partition is paused while the subscription is full or stopping, while it has records waiting,
   * and a retry-topic partition while it is not known to have records ahead (see the class doc).
   */
  private void updatePauses() {
    boolean full = inFlight >= spec.maxInFlight();
    long written = retryWrites.get() == 0 ? 0 : retryWrites.getAndSet(0);
    List<TopicPartition> pause = null;
    List<TopicPartition> resume = null;
    for (PartitionProgress p : partitions.values()) {
      if (written != 0 && p.retryTopic) {
        if ((written & retryBit(p.partition.partition())) != 0) {
          p.retryRecordsAhead(true);
        }
      }
      boolean should =
          stopFetching || full || p.hasBuffered() || (p.retryTopic && !p.retryRecordsAhead());
      if (should != p.paused()) {
        if (should) {
          pause = add(pause, p.partition);
        } else {
          resume = add(resume, p.partition);
        }
        p.paused(should);
      }
    }
    if (pause != null) {
      consumer.pause(pause);
    }
    if (resume != null) {
      consumer.resume(resume);
    }
    if (assigned && state != SubscriptionState.FAILING) {
      state = full ? SubscriptionState.PAUSED : SubscriptionState.RUNNING;
    }
  }

  /**
   * Lag is measured against end offsets asked for now: the high watermark a paused partition's last
   * fetch saw is stale exactly when lag matters.
   */
  private void maybeUpdateLag() {
    long now = System.nanoTime();
    if (now - lastLagNanos < LAG_INTERVAL_NANOS || partitions.isEmpty()) {
      return;
    }
    lastLagNanos = now;
    try {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions.keySet(), LAG_TIMEOUT);
      for (PartitionProgress p : partitions.values()) {
        Long last = end.get(p.partition);
        if (last != null) {
          long unfetched = Math.max(0, last - consumer.position(p.partition, LAG_TIMEOUT));
          if (p.retryTopic) {
            p.retryRecordsAhead(unfetched > 0);
          }
          resources.lagGauges().set(p.partition, spec.group(), this, unfetched + p.pending());
        }
      }
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      log.debug("Measuring the lag of {}/{} failed: {}", spec.topic(), spec.group(), e.toString());
    }
  }

  private static List<TopicPartition> add(List<TopicPartition> list, TopicPartition tp) {
    List<TopicPartition> l = list == null ? new ArrayList<>(4) : list;
    l.add(tp);
    return l;
  }

  private void failing(KafkaException e) {
    state = SubscriptionState.FAILING;
    long now = System.nanoTime();
    if (now - lastFailureLogNanos > TimeUnit.SECONDS.toNanos(30)) {
      lastFailureLogNanos = now;
      log.warn("Consumer of {}/{} failing; retrying: {}", spec.topic(), spec.group(), e.toString());
    }
    try {
      closeRequested.await(FAILURE_BACKOFF_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  private void wakeup() {
    try {
      consumer.wakeup();
    } catch (RuntimeException e) {
      log.debug("Waking up a closed consumer: {}", e.toString());
    }
  }

  private void shutdown() {
    try {
      applySettlements();
      commits.commitSync(partitions.keySet());
      committedForShutdown = true; // close() revokes the partitions; that need not commit again
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    } catch (RuntimeException e) {
      log.warn("Closing the consumer of {}/{} failed", spec.topic(), spec.group(), e);
    } finally {
      drop(new ArrayList<>(partitions.keySet()));
      state = SubscriptionState.STOPPED;
      stopped.countDown();
    }
  }

  private void drop(Collection<TopicPartition> tps) {
    for (TopicPartition tp : tps) {
      PartitionProgress p = partitions.remove(tp);
      if (p != null) {
        p.revoke();
        resources.lagGauges().release(tp, spec.group(), this);
      }
    }
  }

  /** Runs on the poll thread, inside {@code poll()} and {@code close()}. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (!committedForShutdown) {
        applySettlements();
        commits.commitSync(revoked);
      }
      drop(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      drop(lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> added) {
      for (TopicPartition tp : added) {
        partitions.put(tp, new PartitionProgress(tp, tp.topic().equals(retryTopic)));
      }
      assigned = true;
      lastLagNanos = System.nanoTime() - LAG_INTERVAL_NANOS; // end offsets on the next turn
      if (state == SubscriptionState.STARTING) {
        state = SubscriptionState.RUNNING;
      }
      log.debug("{}/{} assigned {}", spec.topic(), spec.group(), added);
    }
  }
}
