package dev.eventbus.benchmarks.memory;

import com.google.common.eventbus.AsyncEventBus;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.memory.InMemoryBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One in-process side alone, for profiling: publishes events from the main thread and prints
 * events/s and CPU nanoseconds per event of each thread, the way {@code KafkaSolo} does for Kafka.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eventbus.benchmarks.memory.MemorySolo [--side
 * byref|encoded|guava] [--events 3000000] [--concurrency 1]}.
 */
public final class MemorySolo {
  private MemorySolo() {}

  /**
   * Runs one side.
   *
   * @param args see the class documentation
   * @throws Exception if interrupted
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String side = o.getOrDefault("side", "byref");
    int events = Integer.parseInt(o.getOrDefault("events", "3000000"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "1"));
    AtomicLong arrived = new AtomicLong();
    Payload payload = new Payload("order-1", 42);
    Runnable close;
    Runnable publish;
    java.util.function.Supplier<Object> health = () -> "";
    if (side.equals("guava")) {
      ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "guava-1"));
      AsyncEventBus bus = new AsyncEventBus("solo", executor);
      bus.register(
          new Object() {
            @com.google.common.eventbus.Subscribe
            public void on(Payload p) {
              arrived.incrementAndGet();
            }
          });
      publish = () -> bus.post(payload);
      close = executor::shutdownNow;
    } else {
      InMemoryBroker.Mode mode =
          side.equals("encoded") ? InMemoryBroker.Mode.ENCODED : InMemoryBroker.Mode.BY_REFERENCE;
      InMemoryBroker broker = InMemoryBroker.builder().mode(mode).build();
      EventBus bus =
          EventBus.builder()
              .broker(broker)
              .group("solo", GroupOptions.custom().concurrency(concurrency).build())
              .build();
      bus.subscribe("solo", "solo", Payload.class, (p, c) -> arrived.incrementAndGet());
      bus.start();
      publish = () -> bus.publish("solo", payload);
      close = bus::close;
      health = bus::health;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      Map<Long, Long> before = cpu(threads);
      long start = System.nanoTime();
      long target = arrived.get() + events;
      for (int i = 0; i < events; i++) {
        publish.run();
      }
      long lastProgress = System.nanoTime();
      long seen = arrived.get();
      while (arrived.get() < target) {
        Thread.onSpinWait();
        if (arrived.get() != seen) {
          seen = arrived.get();
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > 5_000_000_000L) {
          System.out.println("STALLED at " + seen + " of " + target + ": " + health.get());
          lastProgress = System.nanoTime();
        }
      }
      long elapsed = System.nanoTime() - start;
      Map<Long, Long> after = cpu(threads);
      StringBuilder line = new StringBuilder();
      line.append(
          String.format(
              Locale.ROOT, "%s round %d: %,.0f events/s;", side, round, events * 1e9 / elapsed));
      for (Map.Entry<Long, Long> e : after.entrySet()) {
        long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
        if (used > elapsed / 50) {
          line.append(
              String.format(
                  Locale.ROOT,
                  " %s %.0f ns/event;",
                  threads.getThreadInfo(e.getKey()).getThreadName(),
                  (double) used / events));
        }
      }
      System.out.println(line);
    }
    close.run();
  }

  private static Map<Long, Long> cpu(ThreadMXBean threads) {
    Map<Long, Long> m = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        m.put(id, t);
      }
    }
    return m;
  }
}
