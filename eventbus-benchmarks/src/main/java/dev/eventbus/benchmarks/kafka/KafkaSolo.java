package dev.eventbus.benchmarks.kafka;

import dev.eventbus.GroupOptions;
import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.Comparison;
import dev.eventbus.benchmarks.load.HarnessOptions;
import dev.eventbus.benchmarks.load.LoadClient;
import dev.eventbus.benchmarks.load.Measurements;
import dev.eventbus.benchmarks.load.Throughput;
import dev.eventbus.kafka.ContentMode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One side of the Kafka comparison alone, for profiling: warm up, publish for a window, then drain
 * what was published, printing when each phase starts so that a recording can be split by phase,
 * and the CPU time each thread used in each phase, per event.
 *
 * <p>Usage: {@code java -XX:StartFlightRecording=filename=x.jfr,settings=profile -cp benchmarks.jar
 * dev.eventbus.benchmarks.kafka.KafkaSolo --bootstrap host:port [--side
 * adapter|adapter-structured|adapter-3-consumers|spring|raw|envelope] [--size 100] [--warmup 5]
 * [--seconds 25] [--concurrency 4]}. {@code adapter-3-consumers} consumes the group with three
 * buses in one process, one Kafka consumer each, as Spring Kafka's container does with concurrency
 * 3; {@code --concurrency} is the handler threads of each eventbus group. Topics are deleted at the
 * end.
 */
public final class KafkaSolo {
  private KafkaSolo() {}

  /**
   * Runs one side.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) {
    HarnessOptions o =
        HarnessOptions.parse(
            args, List.of("bootstrap", "side", "size", "warmup", "seconds", "concurrency"));
    String bootstrap = o.get("bootstrap", System.getenv("EVENTBUS_KAFKA_BOOTSTRAP"));
    int size = Integer.parseInt(o.get("size", "100"));
    String side = o.get("side", "adapter");
    int concurrency =
        Integer.parseInt(o.get("concurrency", String.valueOf(GroupOptions.DEFAULT_CONCURRENCY)));
    Measurements m = new Measurements(o.seconds("warmup", 5), o.seconds("seconds", 25), 1);
    String names = "solo-" + side + "-" + Long.toString(System.currentTimeMillis(), 36);
    String group = Comparison.group(names);
    try (BenchTopics topics = new BenchTopics(bootstrap);
        LoadClient client = client(side, bootstrap, size, topics, concurrency)) {
      client.prepare(names + "-main", group);
      phase("warmup");
      m.warmUp(client, names + "-warm", group);
      phase("publish");
      ThreadTimes beforePublish = ThreadTimes.now();
      Throughput published = m.publishRate(client, names + "-main");
      phase("consume");
      ThreadTimes beforeConsume = ThreadTimes.now();
      AtomicReference<ThreadTimes> afterConsume = new AtomicReference<>();
      Throughput consumed =
          m.consumeRate(
              measuredUntilClose(client, afterConsume), names + "-main", group, published.events());
      phase("done");
      System.out.print(beforeConsume.since(beforePublish, "publish", published.events()));
      System.out.print(afterConsume.get().since(beforeConsume, "consume", consumed.events()));
      System.out.printf(
          Locale.ROOT,
          "%s, %d B: publish %,.0f/s, consume %,.0f/s %s%s%n",
          client.name(),
          size,
          published.perSecond(),
          consumed.perSecond(),
          published.note(),
          consumed.note());
      KafkaLoad.log(topics.deleteAll(names));
    }
  }

  private static LoadClient client(
      String side, String bootstrap, int size, BenchTopics topics, int concurrency) {
    return switch (side) {
      case "raw" -> new RawKafkaClient(bootstrap, size, topics);
      case "envelope" -> KafkaLoad.envelopeClient(bootstrap, size, topics);
      case "adapter" ->
          KafkaLoad.adapterClient(bootstrap, size, topics, ContentMode.BINARY, concurrency);
      case "adapter-structured" ->
          KafkaLoad.adapterClient(bootstrap, size, topics, ContentMode.STRUCTURED, concurrency);
      case "adapter-3-consumers" ->
          new ConsumersClient(
              List.of(
                  KafkaLoad.adapterClient(bootstrap, size, topics, ContentMode.BINARY, concurrency),
                  KafkaLoad.adapterClient(bootstrap, size, topics, ContentMode.BINARY, concurrency),
                  KafkaLoad.adapterClient(
                      bootstrap, size, topics, ContentMode.BINARY, concurrency)));
      case "spring" -> new SpringKafkaClient(bootstrap, size, topics);
      default ->
          throw new IllegalArgumentException(
              "--side "
                  + side
                  + ": allowed are adapter, adapter-structured, adapter-3-consumers, spring, raw,"
                  + " envelope");
    };
  }

  /** The client, recording its threads' CPU times just before its consumer closes. */
  private static LoadClient measuredUntilClose(LoadClient client, AtomicReference<ThreadTimes> at) {
    return new LoadClient() {
      @Override
      public String name() {
        return client.name();
      }

      @Override
      public void prepare(String topic, String group) {
        client.prepare(topic, group);
      }

      @Override
      public void send(String topic, long intendedNanos, Acks acks) {
        client.send(topic, intendedNanos, acks);
      }

      @Override
      public AutoCloseable consume(String topic, String group, Receiver receiver) {
        AutoCloseable consumer = client.consume(topic, group, receiver);
        return () -> {
          at.set(ThreadTimes.now());
          consumer.close();
        };
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }

  /** CPU time of every live thread, by name with digits masked, at one moment. */
  private record ThreadTimes(
      long wallNanos,
      Map<String, Long> cpuNanos,
      Map<String, Long> allocated,
      long gcNanos,
      long processCpuNanos) {
    static ThreadTimes now() {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      Map<String, Long> cpu = new TreeMap<>();
      Map<String, Long> bytes = new TreeMap<>();
      for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
        long ns = t == null ? -1 : mx.getThreadCpuTime(t.getThreadId());
        if (ns > 0) {
          String name = t.getThreadName().replaceAll("[0-9]+", "N");
          cpu.merge(name, ns, Long::sum);
          if (mx instanceof com.sun.management.ThreadMXBean sun) {
            bytes.merge(name, sun.getThreadAllocatedBytes(t.getThreadId()), Long::sum);
          }
        }
      }
      long gc = 0;
      for (var bean : ManagementFactory.getGarbageCollectorMXBeans()) {
        gc += Math.max(0, bean.getCollectionTime()) * 1_000_000L;
      }
      long process =
          ManagementFactory.getOperatingSystemMXBean()
                  instanceof com.sun.management.OperatingSystemMXBean os
              ? os.getProcessCpuTime()
              : -1;
      return new ThreadTimes(System.nanoTime(), cpu, bytes, gc, process);
    }

    /** Per thread: CPU seconds in the phase, share of the phase's wall time, ns per event. */
    String since(ThreadTimes start, String phase, long events) {
      double wall = (wallNanos - start.wallNanos) / 1e9;
      StringBuilder out =
          new StringBuilder(
              String.format(
                  Locale.ROOT, "[kafka-solo] %s: %.1f s wall, %,d events%n", phase, wall, events));
      cpuNanos.forEach(
          (name, ns) -> {
            long used = ns - start.cpuNanos.getOrDefault(name, 0L);
            if (used > 50_000_000L) {
              out.append(
                  String.format(
                      Locale.ROOT,
                      "[kafka-solo]   %-60s %6.2f s cpu %5.0f%% %,8.0f ns/event %,7.0f B/event%n",
                      name,
                      used / 1e9,
                      100 * used / 1e9 / wall,
                      (double) used / Math.max(1, events),
                      (double)
                              (allocated.getOrDefault(name, 0L)
                                  - start.allocated.getOrDefault(name, 0L))
                          / Math.max(1, events)));
            }
          });
      out.append(
          String.format(
              Locale.ROOT,
              "[kafka-solo]   whole process %,.0f ns/event cpu, GC pauses %,.0f ms%n",
              (double) (processCpuNanos - start.processCpuNanos) / Math.max(1, events),
              (gcNanos - start.gcNanos) / 1e6));
      return out.toString();
    }
  }

  private static void phase(String name) {
    System.out.println("[kafka-solo] " + name + " at " + Instant.now());
  }
}
