package dev.eventbus.kafka.internal;

import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.DeliveryListener;
import java.time.Duration;
import java.time.Instant;
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
 * One group member consuming a topic and the group's retry topic on a poll thread of its own, which
 * owns the {@link Consumer} and never waits for handlers: it hands records to the core in partition
 * order while fewer than {@code maxInFlight} are unsettled and keeps polling, so slow handlers
 * never exceed {@code max.poll.interval.ms}. Other threads only push settlements and wake it.
 *
 * <p>Partitions are paused as {@link Pauses} says (retry partitions also until their head is due).
 * It learns of retry records from this process's writes at once, and of other members' from the end
 * offsets read with the lag (every 2 s). A settlement wakes the poll thread only when it is full
 * and a quarter of {@code maxInFlight} settled: waking it per settlement made it poll one by one.
 */
final class KafkaSubscription implements BrokerSubscription, ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final long FAILURE_BACKOFF_MS = 1000;

  final ConsumerSpec spec;
  final KafkaClients clients;
  final String retryTopic;
  private final DeliveryListener listener;
  private final Consumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
  private final Pauses pauses;
  private final OffsetCommits commits;
  private final Queue<KafkaDelivery> redeliveries = new ConcurrentLinkedQueue<>();
  private final CountDownLatch closeRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  final RetryWrites retryWrites = new RetryWrites();
  final SettlementStack settled = new SettlementStack(this::wakeup);
  final BrokerContact contact;
  private volatile boolean stopFetching;
  // Once set, settling this subscription's deliveries has no effect: they are redelivered.
  volatile boolean closing;
  private boolean committedForShutdown;
  private volatile SubscriptionState state = SubscriptionState.STARTING;
  private int inFlight;
  private boolean assigned;
  private boolean setUpDone; // topics and start offsets made (by subscribe while Kafka answered)
  private final Instant subscribedAt = Instant.now(); // wall-clock, as record timestamps are

  KafkaSubscription(
      ConsumerSpec spec,
      DeliveryListener listener,
      Consumer<byte[], byte[]> consumer,
      KafkaClients clients,
      boolean setUpDone) {
    this.spec = spec;
    this.listener = listener;
    this.consumer = consumer;
    this.clients = clients;
    this.setUpDone = setUpDone;
    this.retryTopic = Topics.retryTopic(spec.topic(), spec.group());
    this.pauses = new Pauses(consumer);
    this.commits = new OffsetCommits(consumer, partitions, clients.commitInterval, spec.group());
    this.contact = new BrokerContact(consumer, clients.lagGauges, spec.topic(), spec.group(), this);
    this.thread = new Thread(this::run, "eventbus-kafka-" + spec.topic() + "-" + spec.group());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Hands a delivery to the core again after a delay, if its partition is still ours then. */
  void redeliverLater(KafkaDelivery delivery, Duration delay) {
    clients.scheduler.schedule(
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
    closing = true;
    closeRequested.countDown();
    stopFetching();
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
    clients.subscriptions.remove(this);
  }

  @Override
  public SubscriptionState state() {
    return state;
  }

  @Override
  public String failureReason() {
    return contact.failingReason();
  }

  private void run() {
    try {
      setUp();
      if (!closing) {
        consumer.subscribe(List.of(spec.topic(), retryTopic), this);
      }
      while (!closing) {
        try {
          applySettlements();
          handOutBurst();
          updatePauses();
          commits.maybeCommitAsync();
          if (contact.onTurn(partitions)) {
            updateState();
          }
          poll();
        } catch (WakeupException e) {
          // woken up to settle, redeliver or close
        } catch (KafkaException e) {
          failing(e);
        }
      }
    } catch (RuntimeException | Error e) {
      Throwable why = clients.settings.redaction.scrub(e);
      log.error("Consumer loop of {}/{} stopped unexpectedly", spec.topic(), spec.group(), why);
    } finally {
      shutdown();
    }
  }

  // Settlements wake the poll only when the subscription is full (they make room then), in
  // batches; otherwise they wait for the next turn, which comes by the commit interval.
  private void poll() {
    int wakeAt =
        inFlight >= spec.maxInFlight()
            ? Math.max(1, spec.maxInFlight() / 4)
            : SettlementStack.NEVER;
    settled.wakeAtDepth = wakeAt; // before timeout() reads the depth: a settlement sees either
    try {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout(wakeAt));
      for (TopicPartition tp : records.partitions()) {
        PartitionProgress p = partitions.get(tp);
        if (p != null) {
          contact.fetched();
          p.buffered.addAll(records.records(tp));
          if (p.retryTopic) {
            OptionalLong lag = consumer.currentLag(tp);
            p.retryRecordsAhead = lag.isEmpty() || lag.getAsLong() > 0;
          }
        }
      }
      contact.polled();
    } finally {
      settled.wakeAtDepth = SettlementStack.NEVER;
    }
  }

  private Duration timeout(int wakeAt) {
    PartitionProgress.Entry head = settled.get();
    if (!redeliveries.isEmpty() || (head != null && head.settledDepth >= wakeAt)) {
      return Duration.ZERO;
    }
    return commits.pollWithin(POLL_TIMEOUT, head != null);
  }

  private void applySettlements() {
    PartitionProgress.Entry e = settled.takeAll();
    while (e != null) {
      PartitionProgress.Entry next = e.nextSettled;
      e.nextSettled = null;
      e.settledDepth = -1; // taken: settled for good
      if (e.release()) {
        inFlight--;
      }
      if (!e.owner.revoked()) {
        e.owner.settle(e);
      }
      e = next;
    }
  }

  /** Hands out what is due as one burst: the core wakes its handler threads once, at the end. */
  private void handOutBurst() {
    listener.beginBurst();
    try {
      redeliver();
      if (!stopFetching) {
        dispatch();
      }
    } finally {
      listener.endBurst();
    }
  }

  private void redeliver() {
    KafkaDelivery d;
    while ((d = redeliveries.poll()) != null) {
      if (d.entry.owner.revoked() || stopFetching) {
        if (d.entry.release()) {
          inFlight--; // left unsettled: redelivered by Kafka after a restart or rebalance
        }
      } else {
        handOut(d);
      }
    }
  }

  /** Hands buffered records out while there is room, each partition an equal share per turn. */
  private void dispatch() {
    long now = -1;
    int max = spec.maxInFlight();
    boolean delivered = true;
    while (delivered && inFlight < max) {
      delivered = false;
      int share = Math.max(1, (max - inFlight) / Math.max(1, partitions.size()));
      for (PartitionProgress p : partitions.values()) {
        for (int i = 0; i < share && inFlight < max; i++) {
          ConsumerRecord<byte[], byte[]> r = p.buffered.peekFirst();
          if (r == null) {
            break;
          }
          if (p.retryTopic) {
            long due = RecordMapping.longHeader(r, RecordMapping.DUE_HEADER, 0);
            now = now < 0 ? clients.scheduler.now().toEpochMilli() : now;
            if (due > now) {
              Duration delay = Duration.ofMillis(due - now);
              p.wakeAt(due, () -> clients.scheduler.schedule(delay, this::wakeup));
              break;
            }
          }
          p.buffered.pollFirst();
          inFlight++;
          PartitionProgress.Entry entry = p.track(r.offset());
          handOut(new KafkaDelivery(this, entry, r, null));
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

  private void updatePauses() {
    boolean all = stopFetching || inFlight >= spec.maxInFlight();
    pauses.update(partitions.values(), all, retryWrites.take());
    updateState();
  }

  // FAILING while the loop throws or Kafka is out of reach, else what the assignment and the
  // in-flight bound say; poll thread only, and never after close.
  private void updateState() {
    SubscriptionState s =
        contact.failingReason() != null
            ? SubscriptionState.FAILING
            : !assigned
                ? SubscriptionState.STARTING
                : inFlight >= spec.maxInFlight()
                    ? SubscriptionState.PAUSED
                    : SubscriptionState.RUNNING;
    if (s != state && !closing) {
      state = s;
    }
  }

  // Topics and start offsets, made here (again after a pause while Kafka cannot be reached) so
  // that subscribe and start never wait for Kafka; meanwhile the subscription reads FAILING.
  private void setUp() {
    while (!closing && !setUpDone) {
      try {
        clients.setUp(spec, subscribedAt);
        setUpDone = true;
      } catch (RuntimeException e) {
        contact.setUpFailed(e, clients.settings.redaction);
        updateState();
        pause();
      }
    }
  }

  private void failing(KafkaException e) {
    contact.loopFailed(e, clients.settings.redaction);
    updateState();
    pause();
  }

  private void pause() {
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
        clients.lagGauges.release(tp, spec.group(), this);
      }
    }
  }

  // The rebalance callbacks run on the poll thread, inside poll() and close().
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
    commits.readCarried(added); // the counts of retries in place that a crash cut short
    assigned = true;
    contact.measureSoon();
    updateState();
    log.debug("{}/{} assigned {}", spec.topic(), spec.group(), added);
  }
}
