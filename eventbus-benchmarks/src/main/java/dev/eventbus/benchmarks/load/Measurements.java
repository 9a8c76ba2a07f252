package dev.eventbus.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The three measurements of a broker comparison, each run the same way on a raw client and on the
 * adapter: publish throughput (as fast as the client allows, every message confirmed), consume
 * throughput (draining what the publish phase left), and end-to-end latency at a fixed rate,
 * measured from each message's intended send time so that a sender that falls behind does not hide
 * the delay (coordinated omission). Called from one thread.
 */
public final class Measurements {
  private static final long PARK_NANOS = 100_000;
  private static final Duration STALL = Duration.ofSeconds(30);
  private static final Duration LATENCY_WARMUP = Duration.ofSeconds(1);
  private static final long HIGHEST_MICROS = Duration.ofMinutes(5).toNanos() / 1000;

  private final Duration warmup;
  private final Duration window;
  private final int rounds;
  private final long drained;

  /**
   * Measurements with a warmup, a measured window and a number of rounds.
   *
   * @param warmup how long {@link #warmUp} publishes and consumes before anything is measured
   * @param window how long each measured window lasts
   * @param rounds how many times a comparison repeats its throughput measurements
   */
  public Measurements(Duration warmup, Duration window, int rounds) {
    this(warmup, window, rounds, 0);
  }

  /**
   * Measurements whose consume phase drains the same number of messages on every side.
   *
   * @param warmup how long {@link #warmUp} publishes and consumes before anything is measured
   * @param window how long each measured window lasts
   * @param rounds how many times a comparison repeats its throughput measurements
   * @param drained how many messages {@link #drainRate} times on every side; 0 for what the publish
   *     window left, which differs from side to side
   */
  public Measurements(Duration warmup, Duration window, int rounds, long drained) {
    if (drained < 0) {
      throw new IllegalArgumentException("drained must not be negative: " + drained);
    }
    this.warmup = warmup;
    this.window = window;
    this.rounds = rounds;
    this.drained = drained;
  }

  /**
   * The measurements a load harness's options ask for: {@code --warmup} (10 s), {@code --seconds}
   * (3 s), {@code --rounds} (3) and {@code --drain}.
   *
   * @param o the harness's options
   * @param defaultDrain the drain when {@code --drain} is not given
   * @return the measurements
   */
  public static Measurements fromOptions(HarnessOptions o, long defaultDrain) {
    return new Measurements(
        o.seconds("warmup", 10),
        o.seconds("seconds", 3),
        Integer.parseInt(o.get("rounds", "3")),
        Long.parseLong(o.get("drain", Long.toString(defaultDrain))));
  }

  /**
   * How many messages the consume phase times on every side.
   *
   * @return the count, or 0 when each side drains what its own publish window left
   */
  public long drained() {
    return drained;
  }

  /**
   * How long a client is warmed up.
   *
   * @return the warmup
   */
  public Duration warmup() {
    return warmup;
  }

  /**
   * How long each measured window lasts.
   *
   * @return the window
   */
  public Duration window() {
    return window;
  }

  /**
   * How many times a comparison repeats its throughput measurements.
   *
   * @return at least 1
   */
  public int rounds() {
    return rounds;
  }

  /**
   * Warms a client up: publishes as fast as it takes messages for the warmup duration while a
   * consumer of its own group receives them, then waits until everything arrived. Afterwards the
   * publish and consume paths are compiled and connections are open.
   *
   * @param client the client
   * @param topic a topic used only for warming up
   * @param group a group used only for warming up
   */
  public void warmUp(LoadClient client, String topic, String group) {
    client.prepare(topic, group);
    AtomicLong received = new AtomicLong();
    try (AutoCloseable consumer =
        client.consume(topic, group, intended -> received.incrementAndGet())) {
      Acks acks = new Acks();
      long sent = sendFor(client, topic, warmup, acks);
      awaitSettled(acks, sent);
      awaitCount(received, sent - acks.failed());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("warming up " + client.name() + " failed", e);
    }
  }

  /**
   * Publishes as fast as the client takes messages for the window and waits until every message is
   * confirmed. The topic keeps them for {@link #consumeRate}.
   *
   * @param client the client, warmed up
   * @param topic the topic, already prepared for the group that will consume it
   * @return the rate: messages confirmed from the window's start to the last confirmation
   */
  public Throughput publishRate(LoadClient client, String topic) {
    Acks acks = new Acks();
    long start = System.nanoTime();
    long sent = sendFor(client, topic, window, acks);
    String note = awaitSettled(acks, sent);
    double seconds = (acks.lastNanos() - start) / 1e9;
    return new Throughput(
        acks.settled() - acks.failed(), seconds, acks.failed(), note + failureNote(acks));
  }

  /**
   * Times the drain of the same number of messages on every side: tops the topic up to {@link
   * #drained()} messages if the publish window left fewer (untimed, every one confirmed), then
   * consumes until that many arrived. A side that published more leaves the rest unread. With no
   * count set, drains what the window left.
   *
   * @param client the client
   * @param topic the topic of a {@link #publishRate} run
   * @param group the group, prepared before the messages were published
   * @param published what that run published
   * @return the rate, with a note if topping up failed
   */
  public Throughput drainRate(LoadClient client, String topic, String group, long published) {
    if (drained == 0) {
      return consumeRate(client, topic, group, published);
    }
    String note = "";
    if (published < drained) {
      Acks acks = new Acks();
      long missing = drained - published;
      for (long i = 0; i < missing; i++) {
        client.send(topic, System.nanoTime(), acks);
      }
      note = awaitSettled(acks, missing) + failureNote(acks);
      published += acks.settled() - acks.failed();
    }
    Throughput t = consumeRate(client, topic, group, Math.min(published, drained));
    return note.isEmpty()
        ? t
        : new Throughput(t.events(), t.seconds(), 0, (t.note() + " " + note).trim());
  }

  /**
   * Consumes a group until {@code expected} messages arrived; the rate runs from the first message
   * to the last, so that connecting and joining the group are not counted.
   *
   * @param client the client
   * @param topic the topic
   * @param group the group, prepared before the messages were published
   * @param expected how many messages wait for the group
   * @return the rate
   */
  public Throughput consumeRate(LoadClient client, String topic, String group, long expected) {
    AtomicLong count = new AtomicLong();
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    try (AutoCloseable consumer =
        client.consume(
            topic,
            group,
            intended -> {
              long now = System.nanoTime();
              long n = count.incrementAndGet();
              if (n == 1) {
                first.set(now);
              }
              if (n == expected) {
                last.set(now);
              }
            })) {
      String note = awaitCount(count, expected);
      if (note.isEmpty()) {
        awaitSet(last); // the receiver counts, then records the time
      }
      long end = note.isEmpty() ? last.get() : System.nanoTime();
      long measured = Math.min(count.get(), expected) - 1;
      return new Throughput(Math.max(0, measured), (end - first.get()) / 1e9, 0, note);
    } catch (Exception e) {
      throw new IllegalStateException("consumer of " + topic + "/" + group + " failed", e);
    }
  }

  /**
   * Starts a consumer, waits until a probe message reaches it, then sends at a fixed rate for one
   * second of warmup and the window, and records the latency of the window's messages from their
   * intended send times. A sender that cannot keep the rate keeps sending late (those messages
   * carry their intended time, so their delay counts); it gives up at three windows past the
   * schedule and says so in the note.
   *
   * @param client the client
   * @param topic a new topic
   * @param group the group
   * @param ratePerSecond messages per second
   * @return the latency distribution of the window's messages
   */
  public Latency latency(LoadClient client, String topic, String group, double ratePerSecond) {
    client.prepare(topic, group);
    Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    AtomicLong received = new AtomicLong();
    AtomicLong probes = new AtomicLong();
    long interval = Math.max(1, Math.round(1e9 / ratePerSecond));
    AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
    Acks acks = new Acks();
    try (AutoCloseable consumer =
        client.consume(
            topic,
            group,
            intended -> {
              probes.incrementAndGet();
              if (intended >= measureFrom.get()) {
                long micros = Math.max(0, System.nanoTime() - intended) / 1000;
                histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
                received.incrementAndGet();
              }
            })) {
      awaitConsumer(client, topic, probes, acks);
      long start = System.nanoTime() + 10_000_000;
      measureFrom.set(start + LATENCY_WARMUP.toNanos());
      long end = measureFrom.get() + window.toNanos();
      long giveUp = end + 3 * window.toNanos();
      long sent = 0;
      long scheduled = 0;
      String note = "";
      for (long i = 0; ; i++) {
        long intended = start + i * interval;
        if (intended >= end) {
          break;
        }
        long now = waitUntil(intended);
        if (now > giveUp) {
          note = "sender fell behind the schedule; gave up " + 3 * window.toSeconds() + " s late";
          scheduled = (end - measureFrom.get()) / interval;
          break;
        }
        client.send(topic, intended, acks);
        if (intended >= measureFrom.get()) {
          sent++;
        }
      }
      if (note.isEmpty()) {
        scheduled = sent;
      }
      String wait = awaitCount(received, sent);
      if (note.isEmpty()) {
        note = wait;
      }
      if (sent < scheduled) {
        note += String.format(" (sent %,d of %,d scheduled)", sent, scheduled);
      }
      return new Latency(ratePerSecond, sent, received.get(), histogram, note + failureNote(acks));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("consumer of " + topic + "/" + group + " failed", e);
    }
  }

  /** Sends a probe every 100 ms until one arrives: the consumer has joined and is fetching. */
  private static void awaitConsumer(LoadClient client, String topic, AtomicLong probes, Acks acks) {
    long deadline = System.nanoTime() + STALL.toNanos();
    while (probes.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            client.name() + " received nothing on " + topic + " for " + STALL.toSeconds() + " s");
      }
      client.send(topic, 0, acks);
      LockSupport.parkNanos(100_000_000);
    }
  }

  private static long sendFor(LoadClient client, String topic, Duration duration, Acks acks) {
    long end = System.nanoTime() + duration.toNanos();
    long sent = 0;
    long now;
    do {
      now = System.nanoTime();
      client.send(topic, now, acks);
      sent++;
    } while (now < end);
    return sent;
  }

  private static long waitUntil(long deadline) {
    long now;
    while ((now = System.nanoTime()) < deadline) {
      LockSupport.parkNanos(Math.min(PARK_NANOS, deadline - now));
    }
    return now;
  }

  private static String awaitSettled(Acks acks, long sent) {
    long last = -1;
    long progress = System.nanoTime();
    while (acks.settled() < sent) {
      long settled = acks.settled();
      if (settled != last) {
        last = settled;
        progress = System.nanoTime();
      } else if (System.nanoTime() - progress > STALL.toNanos()) {
        return String.format(
            "only %,d of %,d confirmed; nothing for %d s", settled, sent, STALL.toSeconds());
      }
      LockSupport.parkNanos(1_000_000);
    }
    return "";
  }

  private static void awaitSet(AtomicLong time) {
    while (time.get() == 0) {
      LockSupport.parkNanos(100_000);
    }
  }

  private static String awaitCount(AtomicLong count, long expected) {
    long last = -1;
    long progress = System.nanoTime();
    while (count.get() < expected) {
      long now = count.get();
      if (now != last) {
        last = now;
        progress = System.nanoTime();
      } else if (System.nanoTime() - progress > STALL.toNanos()) {
        return String.format(
            "only %,d of %,d received; nothing for %d s", now, expected, STALL.toSeconds());
      }
      LockSupport.parkNanos(1_000_000);
    }
    return "";
  }

  private static String failureNote(Acks acks) {
    return acks.failed() == 0
        ? ""
        : String.format(" %,d sends failed, first: %s", acks.failed(), acks.firstFailure());
  }
}
