package dev.eventbus.benchmarks.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.memory.InMemoryBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish → handler in another thread, through {@link EventBus} on the in-memory broker, beside its
 * in-process peer, Guava's {@code AsyncEventBus} ({@link GuavaHandOff}), an {@link
 * ArrayBlockingQueue} hand-off that JSON-encodes and decodes the payload (the same work as the
 * bus's codec), and the plain {@link ArrayBlockingQueue} hand-off between two threads (the
 * ceiling), in the same run.
 *
 * <p>One benchmark operation sends {@value #EVENTS_PER_OP} events and waits until the consuming
 * side has seen all of them; {@link OperationsPerInvocation} makes JMH report events per second,
 * and {@code -prof gc}'s {@code gc.alloc.rate.norm} bytes per event (allocation of every thread of
 * the JVM, producer and consumers, divided by the events). The payload is one reused instance, so
 * any allocation is the path's own.
 *
 * <p>Short runs for a shared 2-core machine: 1 fork, 3 × 2 s warmup, 5 × 2 s measurement.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@OperationsPerInvocation(HandOffBenchmark.EVENTS_PER_OP)
public class HandOffBenchmark {
  /** Events sent per benchmark operation. */
  public static final int EVENTS_PER_OP = 10_000;

  /** Capacity of the baseline's queue. */
  public static final int QUEUE_CAPACITY = 1024;

  static final String TOPIC = "bench-orders";
  static final String GROUP = "bench-billing";
  static final Payload PAYLOAD = new Payload("order-1", 42);
  private static final Duration STALL = Duration.ofSeconds(30);

  /** The baseline: one consumer thread taking from a bounded queue that the producer puts into. */
  @State(Scope.Benchmark)
  public static class QueueHandOff {
    private static final Object STOP = new Object();
    final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    final Arrivals arrivals = new Arrivals();
    private Thread consumer;

    /** Starts the consumer thread. */
    @Setup(Level.Trial)
    public void start() {
      consumer = new Thread(this::consume, "abq-consumer");
      consumer.setDaemon(true);
      consumer.start();
    }

    private void consume() {
      try {
        while (queue.take() != STOP) {
          arrivals.arrive();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Stops the consumer thread.
     *
     * @throws InterruptedException if interrupted while stopping
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      queue.put(STOP);
      consumer.join(STALL.toMillis());
    }
  }

  /**
   * A second baseline: the same hand-off, with the payload encoded to JSON bytes by the producer
   * and decoded by the consumer with a plain Jackson {@link ObjectMapper}, the work the bus's codec
   * does. It separates the cost of serialization from the cost of the rest of the path.
   */
  @State(Scope.Benchmark)
  public static class JsonQueueHandOff {
    private static final byte[] STOP = new byte[0];
    final ObjectMapper mapper = new ObjectMapper();
    final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    final Arrivals arrivals = new Arrivals();
    private Thread consumer;

    /** Starts the consumer thread. */
    @Setup(Level.Trial)
    public void start() {
      consumer = new Thread(this::consume, "abq-json-consumer");
      consumer.setDaemon(true);
      consumer.start();
    }

    private void consume() {
      try {
        byte[] bytes;
        while ((bytes = queue.take()) != STOP) {
          if (mapper.readValue(bytes, Payload.class) != null) {
            arrivals.arrive();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Stops the consumer thread.
     *
     * @throws InterruptedException if interrupted while stopping
     */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      queue.put(STOP);
      consumer.join(STALL.toMillis());
    }
  }

  /** An event bus on the default in-memory broker with one subscription counting arrivals. */
  @State(Scope.Benchmark)
  public static class BusHandOff {
    /** Handler threads of the subscription; 4 is the default. */
    @Param({"1", "4"})
    public int concurrency;

    final Arrivals arrivals = new Arrivals();
    EventBus bus;

    /** Builds and starts the bus. */
    @Setup(Level.Trial)
    public void start() {
      bus = builder().group(GROUP, GroupOptions.custom().concurrency(concurrency).build()).build();
      bus.subscribe(TOPIC, GROUP, Payload.class, (payload, context) -> arrivals.arrive());
      bus.start();
    }

    /**
     * The bus before its group is set.
     *
     * @return {@code EventBus.builder()}: the in-memory broker by reference
     */
    EventBus.Builder builder() {
      return EventBus.builder();
    }

    /** Closes the bus. */
    @TearDown(Level.Trial)
    public void stop() {
      bus.close();
    }
  }

  /**
   * The same bus on the in-memory broker's encoded mode (the testkit harness's default): every
   * event takes the codec's round trip, as on a real broker.
   */
  @State(Scope.Benchmark)
  public static class EncodedBusHandOff extends BusHandOff {
    @Override
    EventBus.Builder builder() {
      return EventBus.builder()
          .broker(InMemoryBroker.builder().mode(InMemoryBroker.Mode.ENCODED).build());
    }
  }

  /** An event bus on the default in-memory broker without subscribers: the publish path only. */
  @State(Scope.Benchmark)
  public static class BusPublishOnly {
    EventBus bus;

    /** Builds and starts the bus. */
    @Setup(Level.Trial)
    public void start() {
      bus = EventBus.builder().registerType(Payload.class).build();
      bus.start();
    }

    /** Closes the bus. */
    @TearDown(Level.Trial)
    public void stop() {
      bus.close();
    }
  }

  /**
   * The baseline: put every event into the queue, then wait until the consumer thread took all.
   *
   * @param s the queue and its consumer
   * @throws InterruptedException if interrupted
   */
  @Benchmark
  public void arrayBlockingQueue(QueueHandOff s) throws InterruptedException {
    long total = s.arrivals.expect(EVENTS_PER_OP);
    for (int i = 0; i < EVENTS_PER_OP; i++) {
      s.queue.put(PAYLOAD);
    }
    s.arrivals.await(total, STALL);
  }

  /**
   * The serializing baseline: encode and put every event, then wait until the consumer thread took
   * and decoded all.
   *
   * @param s the queue and its consumer
   * @throws Exception if interrupted or encoding fails
   */
  @Benchmark
  public void arrayBlockingQueueJson(JsonQueueHandOff s) throws Exception {
    long total = s.arrivals.expect(EVENTS_PER_OP);
    for (int i = 0; i < EVENTS_PER_OP; i++) {
      s.queue.put(s.mapper.writeValueAsBytes(PAYLOAD));
    }
    s.arrivals.await(total, STALL);
  }

  /**
   * The peer: post every event to Guava's {@code AsyncEventBus}, then wait until its subscriber, on
   * the executor's thread, saw all.
   *
   * @param s the bus and its subscriber
   */
  @Benchmark
  public void guavaAsyncEventBus(GuavaHandOff s) {
    long total = s.arrivals.expect(EVENTS_PER_OP);
    for (int i = 0; i < EVENTS_PER_OP; i++) {
      s.bus.post(PAYLOAD);
    }
    s.arrivals.await(total, STALL);
  }

  /**
   * Publish every event through the bus, then wait until the handler saw all.
   *
   * @param s the bus and its subscription
   */
  @Benchmark
  public void eventBus(BusHandOff s) {
    long total = s.arrivals.expect(EVENTS_PER_OP);
    publish(s.bus);
    s.arrivals.await(total, STALL);
  }

  /**
   * Publish every event through the encoded-mode bus, then wait until the handler saw all.
   *
   * @param s the bus and its subscription
   */
  @Benchmark
  public void eventBusEncoded(EncodedBusHandOff s) {
    long total = s.arrivals.expect(EVENTS_PER_OP);
    publish(s.bus);
    s.arrivals.await(total, STALL);
  }

  /**
   * Publish every event through a bus that has no subscribers.
   *
   * @param s the bus
   * @return the last publish future, so that nothing is optimised away
   */
  @Benchmark
  public CompletableFuture<Event<?>> eventBusPublishOnly(BusPublishOnly s) {
    return publish(s.bus);
  }

  private static CompletableFuture<Event<?>> publish(EventBus bus) {
    CompletableFuture<Event<?>> last = null;
    for (int i = 0; i < EVENTS_PER_OP; i++) {
      last = bus.publish(TOPIC, PAYLOAD);
      if (last.isCompletedExceptionally()) {
        last.join();
      }
    }
    return last;
  }
}
