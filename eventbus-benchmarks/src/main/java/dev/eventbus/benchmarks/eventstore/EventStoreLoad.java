package dev.eventbus.benchmarks.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import dev.eventbus.EventBus;
import dev.eventbus.benchmarks.load.HarnessOptions;
import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.benchmarks.report.Table;
import dev.eventbus.eventsourcing.EventStore;
import dev.eventbus.eventsourcing.InMemoryEventStore;
import dev.eventbus.eventsourcing.PostgresEventStore;
import dev.eventbus.eventsourcing.PostgresFixture;
import dev.eventbus.eventsourcing.RecordedEvent;
import dev.eventbus.eventsourcing.TestEvents;
import dev.eventbus.eventsourcing.TestEvents.MoneyDeposited;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Appends per second and replayed events per second, for the in-memory and the PostgreSQL event
 * store. A main class: {@code EventStoreLoad [--memory-events 50000] [--postgres-events 5000]
 * [--doc docs/benchmarks.md]}; {@code --postgres-events 0} skips PostgreSQL.
 *
 * <p>Appends: writers each append to a stream of their own with the exact expected version, one
 * event per append and then 10 per append, with 1 and 4 writers. Replay: the whole log (4× the
 * events of one measurement) is read in pages of 1,000 and every payload decoded, once to warm up
 * and once measured. PostgreSQL ({@code EVENTBUS_POSTGRES_URL} or the local server, through the
 * fixture of eventbus-eventsourcing's tests) runs each measurement in a schema of its own, dropped
 * at the end, through a pool of 4 connections. Single-threaded driver; not thread-safe.
 */
public final class EventStoreLoad {
  private static final String SECTION = "eventstore";

  private EventStoreLoad() {}

  /**
   * Runs the benchmark and writes its section.
   *
   * @param args the options
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    HarnessOptions o =
        HarnessOptions.parse(args, List.of("memory-events", "postgres-events", "doc"));
    int memoryEvents = Integer.parseInt(o.get("memory-events", "50000"));
    int postgresEvents = Integer.parseInt(o.get("postgres-events", "5000"));
    RunInfo info = RunInfo.start();
    Table table = new Table("store", "measure", "events", "events/s");
    try (EventBus bus = TestEvents.newBus()) {
      run(table, "in-memory", () -> InMemoryEventStore.create(bus.serializer()), memoryEvents);
      if (postgresEvents > 0) {
        String schema = PostgresFixture.newSchema();
        List<String> schemas = new ArrayList<>();
        try (HikariDataSource ds = PostgresFixture.dataSourceIn(schema)) {
          Supplier<EventStore> stores =
              () -> {
                String s = schema + "_" + schemas.size();
                schemas.add(s);
                return PostgresEventStore.builder(ds, bus.serializer()).schema(s).build().migrate();
              };
          run(table, "PostgreSQL", stores, postgresEvents);
        } finally {
          schemas.forEach(PostgresFixture::dropSchema);
        }
      }
    }
    String section = info.toMarkdown() + "\n" + table.toMarkdown();
    System.out.println(section);
    String doc = o.get("doc", null);
    if (doc != null) {
      new ResultsDocument(Path.of(doc))
          .replaceSection(SECTION, "Event store (appends and replay)", section);
      System.out.println("wrote section '" + SECTION + "' of " + doc);
    }
  }

  private static void run(Table table, String name, Supplier<EventStore> stores, int events)
      throws InterruptedException {
    // Warm-up: the in-memory store is CPU-bound and needs the JIT; PostgreSQL waits on commits.
    int warmUp = name.equals("in-memory") ? events : events / 10;
    appends(stores.get(), 1, 1, warmUp);
    appends(stores.get(), 4, 10, warmUp);
    for (int threads : new int[] {1, 4}) {
      for (int batch : new int[] {1, 10}) {
        double rate = appends(stores.get(), threads, batch, events);
        String measure = "append, " + threads + " writer(s), " + batch + " event(s) per append";
        table.row(name, measure, Table.count(events), Table.count(rate));
        System.out.println(name + " " + measure + ": " + Table.count(rate) + " events/s");
      }
    }
    EventStore store = stores.get();
    appends(store, 4, 10, events * 4);
    replay(store);
    double rate = replay(store);
    table.row(
        name,
        "replay, pages of 1,000, payload decoded",
        Table.count(events * 4),
        Table.count(rate));
    System.out.println(name + " replay: " + Table.count(rate) + " events/s");
  }

  private static double appends(EventStore store, int threads, int batch, int events)
      throws InterruptedException {
    int appendsPerThread = Math.max(1, events / threads / batch);
    CountDownLatch done = new CountDownLatch(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      String stream = "bench-" + t;
      Thread writer =
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
              },
              "eventstore-writer-" + t);
      writer.start();
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
