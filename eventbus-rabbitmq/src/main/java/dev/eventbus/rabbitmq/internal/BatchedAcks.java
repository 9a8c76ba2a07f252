package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import dev.eventbus.spi.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acks of one subscription's channel, sent in batches. Deliveries settle out of order (several
 * handler threads); a batch is one {@code basic.ack} with {@code multiple=true} for the highest
 * recorded tag below which every delivery is settled, sent once {@code batchSize} acks are
 * recorded, {@link #MAX_DELAY} after the first at the latest, and on {@link #close()}. Acks above a
 * delivery still in flight go singly once it held them back a further delay, or when twice {@code
 * batchSize} wait, so a slow handler never holds the prefetch window shut. Going idle flushes
 * nothing: every ack frame costs the broker, and a consumer faster than its broker is idle after
 * nearly every delivery.
 *
 * <p>Retries, dead letters and requeues settle at once and singly ({@link #ackNow}, {@link
 * #requeueNow}). Frames are written under this object's lock, so a multiple ack never names a tag
 * already settled on the broker (RabbitMQ would close the channel). Tags restart with each channel
 * generation ({@code epoch}): {@link #reset} forgets the acks of the old one, which the broker
 * requeued, and settling a delivery of another generation sends nothing. Thread-safe.
 */
final class BatchedAcks {
  static final Duration MAX_DELAY = Duration.ofMillis(5);

  private static final Logger log = LoggerFactory.getLogger(BatchedAcks.class);
  private static final int REBASE_AFTER = 4096;

  private final String queue;
  private final int batchSize;
  private final Scheduler scheduler;
  private final Executor flusher;
  private Channel channel;
  private long epoch = -1;
  // Every tag <= floor is settled; -1 until the channel's first delivery tells where tags start.
  private long floor = -1;
  // Bit i of both sets stands for tag base + i; only tags above floor matter.
  private long base;
  private BitSet settled = new BitSet();
  private BitSet unsent = new BitSet();
  private int pending;
  private boolean timerArmed;
  // The floor when the timer last fired: acks above a floor that stayed put a delay go singly.
  private long floorAtTimer = -1;

  /** {@code flusher} runs the delayed flush, which {@code scheduler} arms, off its own thread. */
  BatchedAcks(String queue, int batchSize, Scheduler scheduler, Executor flusher) {
    this.queue = queue;
    this.batchSize = batchSize;
    this.scheduler = scheduler;
    this.flusher = flusher;
  }

  /** Starts a channel generation; acks not sent on the previous one are dropped. */
  synchronized void reset(Channel ch, long epoch) {
    this.channel = ch;
    this.epoch = epoch;
    floor = -1;
    floorAtTimer = -1;
    settled.clear();
    unsent.clear();
    pending = 0;
  }

  /** Told of every delivery in tag order; the first of a generation fixes where its tags start. */
  synchronized void delivered(long epoch, long tag) {
    if (epoch == this.epoch && floor < 0) {
      floor = tag - 1;
      base = tag;
    }
  }

  /** Records an ack; sends a batch if one is full. */
  synchronized void ack(long epoch, long tag) {
    if (!isCurrent(epoch, tag)) {
      return;
    }
    unsent.set(index(tag)); // before settle(): it must not rebase past an ack still to be sent
    pending++;
    settle(epoch, tag);
    if (pending >= batchSize) {
      sendBatch();
      if (pending >= 2 * batchSize) {
        // Twice a batch waits behind one unsettled delivery: more than a thread descheduled for a
        // moment would hold back, and still at most half the prefetch window.
        sendSingly();
      }
    }
    if (pending > 0 && !timerArmed) {
      arm();
    }
  }

  /** Acks one delivery at once and singly (its retry or dead-letter copy was confirmed). */
  synchronized void ackNow(long epoch, long tag) {
    if (isCurrent(epoch, tag)) {
      send(tag, false, false);
      settle(epoch, tag);
    }
  }

  /** Gives one delivery back to the queue at once. */
  synchronized void requeueNow(long epoch, long tag) {
    if (isCurrent(epoch, tag)) {
      send(tag, false, true);
      settle(epoch, tag);
    }
  }

  /**
   * The delay passed: the settled prefix goes out; acks above a delivery in flight go singly if it
   * still holds the floor one delay later (merely out of order settles within microseconds).
   */
  private void onTimer() {
    sendBatch();
    if (pending == 0) {
      return;
    }
    if (floor == floorAtTimer) {
      sendSingly();
    } else {
      floorAtTimer = floor;
      arm();
    }
  }

  /** Sends every recorded ack now. */
  synchronized void flush() {
    sendBatch();
    if (pending > 0) {
      sendSingly();
    }
  }

  /** Sends every recorded ack, then ignores all further settlements. */
  synchronized void close() {
    flush();
    channel = null;
  }

  private boolean isCurrent(long epoch, long tag) {
    return epoch == this.epoch && channel != null && floor >= 0 && tag > floor;
  }

  /** Marks a tag settled and moves the floor past every settled tag that follows it. */
  private void settle(long epoch, long tag) {
    if (isCurrent(epoch, tag)) {
      settled.set(index(tag));
      if (tag == floor + 1) {
        floor = base + settled.nextClearBit(index(tag)) - 1;
        maybeRebase();
      }
    }
  }

  /** Drops the bits at or below the floor once many, unless an ack there waits to be sent. */
  private void maybeRebase() {
    if (floor - base < REBASE_AFTER || unsent.previousSetBit(index(floor)) >= 0) {
      return;
    }
    int shift = index(floor + 1);
    settled = settled.get(shift, Math.max(shift, settled.length()));
    unsent = unsent.get(shift, Math.max(shift, unsent.length()));
    base = floor + 1;
  }

  private int index(long tag) {
    return Math.toIntExact(tag - base);
  }

  /** One multiple ack for the recorded acks at or below the floor. */
  private void sendBatch() {
    if (pending == 0 || floor < base) {
      return;
    }
    int last = unsent.previousSetBit(index(floor));
    if (last < 0) {
      return;
    }
    send(base + last, true, false);
    unsent.clear(0, last + 1);
    pending = unsent.cardinality();
    maybeRebase();
  }

  private void sendSingly() {
    for (int i = unsent.nextSetBit(0); i >= 0; i = unsent.nextSetBit(i + 1)) {
      send(base + i, false, false);
    }
    unsent.clear();
    pending = 0;
  }

  /** One frame; if it fails, the channel is lost and RabbitMQ redelivers what it names. */
  private void send(long tag, boolean multiple, boolean requeue) {
    try {
      if (requeue) {
        channel.basicNack(tag, false, true);
      } else {
        channel.basicAck(tag, multiple);
      }
    } catch (IOException | RuntimeException e) {
      String what = requeue ? "Requeue of" : multiple ? "Ack up to" : "Ack of";
      log.debug("{} tag {} on '{}' failed; RabbitMQ redelivers it", what, tag, queue, e);
    }
  }

  private void arm() {
    try {
      scheduler.schedule(MAX_DELAY, this::flushLater);
      timerArmed = true;
    } catch (RuntimeException e) {
      log.debug(
          "Cannot schedule the ack flush of '{}'; the next settlement or close sends it", queue);
    }
  }

  private void flushLater() {
    try {
      flusher.execute(
          () -> {
            synchronized (this) {
              timerArmed = false;
              onTimer();
            }
          });
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        timerArmed = false; // the broker is closing; close() flushes
      }
    }
  }
}
