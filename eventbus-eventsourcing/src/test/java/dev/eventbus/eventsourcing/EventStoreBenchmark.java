package dev.eventbus.eventsourcing;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.EventBus;
import dev.eventbus.eventsourcing.TestEvents.MoneyDeposited;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends per second and replayed events per second, for both stores. Not a test: a main class, to
 * be moved to eventbus-benchmarks.
 *
 * <pre>
 * ./mvnw -q -f eventbus-eventsourcing/pom.xml test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp eventbus-eventsourcing/target/test-classes:eventbus-eventsourcing/target/classes:$(cat \
 *     eventbus-eventsourcing/target/test-classpath.txt) dev.eventbus.eventsourcing.EventStoreBenchmark [memoryEvents [postgresEvents]]
 * </pre>
 *
 * <p>Appends: writers each append to streams of their own, with the exact expected version, one
 * event per append and then 10 per append. Replay: the whole log is read in pages of 1,000 and
 * every payload decoded. PostgreSQL runs in a schema of its own, dropped at the end, through a pool
 * of 4 connections ({@code EVENTBUS_POSTGRES_URL} or the local server).
 */
public final class EventStoreBenchmark {
  private EventStoreBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args events per measurement for the in-memory store (default 50,000) and for PostgreSQL
   *     (default 5,000)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int memoryEvents = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int postgresEvents = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    System.out.printf("%-10s %-26s %12s%n", "store", "measure", "per second");
    try (EventBus bus = TestEvents.newBus()) {
      run("memory", () -> InMemoryEventStore.create(bus.serializer()), memoryEvents);
      if (postgresEvents == 0) {
        return;
      }
      String schema = PostgresFixture.newSchema();
      try (HikariDataSource ds = PostgresFixture.dataSourceIn(schema)) {
        int[] n = {0};
        run(
            "postgres",
            () ->
                PostgresEventStore.builder(ds, bus.serializer())
                    .schema(schema + "_" + n[0]++)
                    .build()
                    .migrate(),
            postgresEvents);
        for (int i = 0; i < n[0]; i++) {
          PostgresFixture.dropSchema(schema + "_" + i);
        }
      }
    }
  }

  interface StoreFactory {
    EventStore create();
  }

  private static void run(String name, StoreFactory stores, int events) throws Exception {
    // Warm-up: the in-memory store is CPU-bound and needs the JIT; PostgreSQL waits on commits.
    int warmUp = name.equals("memory") ? events : events / 10;
    appends(stores.create(), 1, 1, warmUp);
    appends(stores.create(), 4, 10, warmUp);
    for (int threads : new int[] {1, 4}) {
      for (int batch : new int[] {1, 10}) {
        EventStore store = stores.create();
        double rate = appends(store, threads, batch, events);
        String measure = "appends, " + threads + " writer(s), " + batch + "/append";
        System.out.printf("%-10s %-26s %12.0f events%n", name, measure, rate);
      }
    }
    EventStore store = stores.create();
    appends(store, 4, 10, events * 4);
    replay(store); // warm-up
    System.out.printf("%-10s %-26s %12.0f events%n", name, "replay (decode each)", replay(store));
  }

  private static double appends(EventStore store, int threads, int batch, int events)
      throws InterruptedException {
    int appendsPerThread = Math.max(1, events / threads / batch);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      String stream = "bench-" + t;
      new Thread(
              () -> {
                try {
                  for (int i = 0; i < appendsPerThread; i++) {
                    List<Object> payloads = new ArrayList<>(batch);
                    for (int j = 0; j < batch; j++) {
                      payloads.add(new MoneyDeposited(stream, j));
                    }
                    store.append(stream, (long) i * batch, payloads);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  done.countDown();
                }
              })
          .start();
    }
    done.await();
    if (failure.get() != null) {
      throw new IllegalStateException("an appender failed", failure.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return appendsPerThread * threads * batch / seconds;
  }

  private static double replay(EventStore store) {
    long start = System.nanoTime();
    long count = 0;
    long next = 1;
    while (true) {
      List<RecordedEvent> page = store.readAll(next, 1_000);
      if (page.isEmpty()) {
        break;
      }
      for (RecordedEvent e : page) {
        e.payload();
      }
      count += page.size();
      next = page.get(page.size() - 1).position() + 1;
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
